using Scoreboard.Scoring;

namespace Scoreboard.Ranking;

/// <summary>
/// One ranking: an order-statistic tree of standings plus each user's current standing. The global index and every
/// board's (board, period) ranking are one of these. Not thread-safe: its owner locks around it.
/// </summary>
internal sealed class StandingRanking
{
    private readonly OrderStatisticTree<Standing> _tree;
    private readonly Dictionary<string, Standing> _byUser;

    public StandingRanking(IComparer<Standing> order)
        : this(new OrderStatisticTree<Standing>(order), new Dictionary<string, Standing>(StringComparer.Ordinal))
    {
    }

    private StandingRanking(OrderStatisticTree<Standing> tree, Dictionary<string, Standing> byUser) => (_tree, _byUser) = (tree, byUser);

    public int Count => _tree.Count;

    /// <summary>A ranking of <paramref name="byUser"/> (one standing per user, keyed ordinally), built in one pass.</summary>
    public static StandingRanking Of(Dictionary<string, Standing> byUser, IComparer<Standing> order)
    {
        var sorted = byUser.Values.ToArray();
        Array.Sort(sorted, order);
        var tree = new OrderStatisticTree<Standing>(order);
        tree.Build(sorted);
        return new StandingRanking(tree, byUser);
    }

    public void Set(Standing standing)
    {
        if (_byUser.TryGetValue(standing.UserId, out var previous))
        {
            // A late, older standing (a replayed update) must not move a user backwards.
            if (previous.ReachedAt > standing.ReachedAt)
            {
                return;
            }

            _tree.Remove(previous);
        }

        _byUser[standing.UserId] = standing;
        _tree.Add(standing);
    }

    public void Remove(string userId)
    {
        if (_byUser.Remove(userId, out var previous))
        {
            _tree.Remove(previous);
        }
    }

    public RankedStanding? Find(string userId) =>
        _byUser.TryGetValue(userId, out var standing) ? new RankedStanding(_tree.IndexOf(standing) + 1, standing) : null;

    /// <summary>The user's row with up to <paramref name="radius"/> rows either side; empty when the user has no standing.</summary>
    public IReadOnlyList<RankedStanding> Around(string userId, int radius)
    {
        if (!_byUser.TryGetValue(userId, out var standing))
        {
            return [];
        }

        var index = _tree.IndexOf(standing);
        var start = Math.Max(0, index - radius);
        return Ranked(start, index - start + radius + 1);
    }

    public IReadOnlyList<RankedStanding> Ranked(int offset, int limit)
    {
        var items = _tree.Range(offset, limit);
        var ranked = new RankedStanding[items.Count];
        for (var i = 0; i < items.Count; i++)
        {
            ranked[i] = new RankedStanding(offset + i + 1, items[i]);
        }

        return ranked;
    }
}
