namespace Scoreboard.Ranking;

/// <summary>
/// A treap whose nodes know their subtree size, so insert, remove, rank-of and k-th element are
/// O(log N) expected. Not thread-safe; the owner serialises access.
/// </summary>
internal sealed class OrderStatisticTree<T>(IComparer<T> comparer)
{
    private sealed class Node(T item, int priority)
    {
        public T Item = item;
        public readonly int Priority = priority;
        public int Size = 1;
        public Node? Left;
        public Node? Right;
    }

    private readonly Random _random = new(0x5C0E);
    private Node? _root;

    public int Count => SizeOf(_root);

    /// <summary>
    /// Replaces the contents with <paramref name="sorted"/> (ascending, no duplicates) in O(N): the treap is the
    /// Cartesian tree of the items and random priorities, built with a stack, the same shape N inserts would give.
    /// </summary>
    public void Build(IReadOnlyList<T> sorted)
    {
        var spine = new Stack<Node>();
        foreach (var item in sorted)
        {
            var node = new Node(item, _random.Next());
            Node? lastPopped = null;
            while (spine.Count > 0 && spine.Peek().Priority < node.Priority)
            {
                lastPopped = spine.Pop();
            }

            node.Left = lastPopped;
            if (spine.Count > 0)
            {
                spine.Peek().Right = node;
            }

            spine.Push(node);
        }

        _root = spine.LastOrDefault();
        FixSizes(_root);
    }

    public void Add(T item)
    {
        var (less, rest) = Split(_root, item);
        _root = Merge(Merge(less, new Node(item, _random.Next())), rest);
    }

    /// <summary>Removes one element equal to <paramref name="item"/> under the comparer; false if none.</summary>
    public bool Remove(T item)
    {
        var (less, rest) = Split(_root, item);
        var (first, greater) = SplitFirst(rest);
        if (first is null || comparer.Compare(first.Item, item) != 0)
        {
            _root = Merge(less, Merge(first, greater));
            return false;
        }

        _root = Merge(less, greater);
        return true;
    }

    /// <summary>The 0-based position of <paramref name="item"/>, or -1 when absent.</summary>
    public int IndexOf(T item)
    {
        var index = 0;
        var node = _root;
        while (node is not null)
        {
            var order = comparer.Compare(item, node.Item);
            if (order == 0)
            {
                return index + SizeOf(node.Left);
            }

            if (order < 0)
            {
                node = node.Left;
            }
            else
            {
                index += SizeOf(node.Left) + 1;
                node = node.Right;
            }
        }

        return -1;
    }

    /// <summary>The element at 0-based position <paramref name="index"/>.</summary>
    public T ElementAt(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
        var node = _root!;
        while (true)
        {
            var leftSize = SizeOf(node.Left);
            if (index < leftSize)
            {
                node = node.Left!;
            }
            else if (index == leftSize)
            {
                return node.Item;
            }
            else
            {
                index -= leftSize + 1;
                node = node.Right!;
            }
        }
    }

    /// <summary>Up to <paramref name="count"/> elements from position <paramref name="start"/>, in order.</summary>
    public List<T> Range(int start, int count)
    {
        var result = new List<T>(Math.Max(0, Math.Min(count, Count - start)));
        for (var i = start; i < Count && result.Count < count; i++)
        {
            result.Add(ElementAt(i));
        }

        return result;
    }

    private static int SizeOf(Node? node) => node?.Size ?? 0;

    private static int FixSizes(Node? node) =>
        node is null ? 0 : node.Size = 1 + FixSizes(node.Left) + FixSizes(node.Right);

    private static Node Update(Node node)
    {
        node.Size = 1 + SizeOf(node.Left) + SizeOf(node.Right);
        return node;
    }

    // Left part: elements ordered before `pivot`; right part: the rest.
    private (Node? Less, Node? NotLess) Split(Node? node, T pivot)
    {
        if (node is null)
        {
            return (null, null);
        }

        if (comparer.Compare(node.Item, pivot) < 0)
        {
            var (less, rest) = Split(node.Right, pivot);
            node.Right = less;
            return (Update(node), rest);
        }
        else
        {
            var (less, rest) = Split(node.Left, pivot);
            node.Left = rest;
            return (less, Update(node));
        }
    }

    private static (Node? First, Node? Greater) SplitFirst(Node? node)
    {
        if (node is null)
        {
            return (null, null);
        }

        if (node.Left is null)
        {
            var rest = node.Right;
            node.Right = null;
            return (Update(node), rest);
        }

        var (first, remaining) = SplitFirst(node.Left);
        node.Left = remaining;
        return (first, Update(node));
    }

    private static Node? Merge(Node? left, Node? right)
    {
        if (left is null)
        {
            return right;
        }

        if (right is null)
        {
            return left;
        }

        if (left.Priority > right.Priority)
        {
            left.Right = Merge(left.Right, right);
            return Update(left);
        }

        right.Left = Merge(left, right.Left);
        return Update(right);
    }
}
