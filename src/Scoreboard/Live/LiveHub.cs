using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Scoreboard.Live;

/// <summary>
/// This instance's live connections: the current board every subscriber reads, the connection cap, and the
/// index from user to connections that per-user events go through.
/// </summary>
/// <param name="cap">The cap shared by every instance in distributed mode; null counts this instance alone.</param>
public sealed class LiveHub(IOptions<LiveOptions> options, ILiveConnectionCap? cap = null, Diagnostics.ScoreboardMetrics? metrics = null)
{
    private readonly ConcurrentDictionary<long, LiveSubscriber> _subscribers = new();
    private readonly ConcurrentDictionary<string, UserWatch> _users = new(StringComparer.Ordinal);
    private readonly AddressCounts _addresses = new();
    private long _nextId;
    private int _count;
    private BoardState? _current;

    /// <summary>The latest board; null until the feed computed the first one.</summary>
    public BoardState? Current => Volatile.Read(ref _current);

    public int Count => Volatile.Read(ref _count);

    internal Diagnostics.ScoreboardMetrics? Metrics => metrics;

    /// <summary>
    /// A new subscriber from <paramref name="address"/>, or null with the reason when the instance already holds the
    /// configured maximum, or that address its share of it.
    /// </summary>
    public LiveSubscriber? TryJoin(WireFormat format, string? userId, string address, out JoinRefusal refusal)
    {
        var o = options.Value;
        if (Interlocked.Increment(ref _count) > o.MaxConnections)
        {
            Interlocked.Decrement(ref _count);
            refusal = JoinRefusal.Full;
            return null;
        }

        if (!_addresses.TryTake(address, o.MaxConnectionsPerAddress))
        {
            Interlocked.Decrement(ref _count);
            refusal = JoinRefusal.AddressShare;
            return null;
        }

        var subscriber = new LiveSubscriber(this, Interlocked.Increment(ref _nextId), format, userId, address);
        _subscribers[subscriber.Id] = subscriber;
        metrics?.LiveConnection(format.Transport(), 1);
        if (userId is not null)
        {
            AddToWatch(subscriber, userId);
        }

        refusal = JoinRefusal.None;
        return subscriber;
    }

    /// <summary>
    /// Joins as <see cref="TryJoin"/> does, then takes a slot of the shared cap when there is one; null with the
    /// reason when this instance or the whole deployment is full, or the address holds its share.
    /// </summary>
    public async ValueTask<(LiveSubscriber? Subscriber, JoinRefusal Refusal)> JoinAsync(
        WireFormat format, string? userId, string address, CancellationToken cancellationToken)
    {
        if (TryJoin(format, userId, address, out var refusal) is not { } subscriber)
        {
            return (null, refusal);
        }

        var o = options.Value;
        refusal = cap is null ? JoinRefusal.None
            : await cap.TryOpenAsync(subscriber.Id, address, o.MaxConnections, o.MaxConnectionsPerAddress, cancellationToken);
        if (refusal == JoinRefusal.None)
        {
            return (subscriber, refusal);
        }

        Leave(subscriber);
        return (null, refusal);
    }

    /// <summary>Gives a connection its user after it opened (Socket.IO authenticates in CONNECT); false if it already had one.</summary>
    internal bool Identify(LiveSubscriber subscriber, string userId)
    {
        if (!subscriber.SetUser(userId))
        {
            return false;
        }

        AddToWatch(subscriber, userId);
        if (!_subscribers.ContainsKey(subscriber.Id))
        {
            // It left meanwhile, before joining the watch: undo, so the watch does not keep a closed connection.
            RemoveFromWatch(subscriber, userId);
        }

        return true;
    }

    /// <summary>Ends every connection, each as if its client left (live pushes switched off).</summary>
    public void LeaveAll()
    {
        foreach (var subscriber in _subscribers.Values)
        {
            Leave(subscriber);
        }
    }

    public void Leave(LiveSubscriber subscriber)
    {
        if (!_subscribers.TryRemove(subscriber.Id, out _))
        {
            return;
        }

        Interlocked.Decrement(ref _count);
        metrics?.LiveConnection(subscriber.Format.Transport(), -1);
        _addresses.Return(subscriber.Address);
        cap?.Close(subscriber.Id);
        subscriber.Complete();
        if (subscriber.UserId is { } userId)
        {
            RemoveFromWatch(subscriber, userId);
        }
    }

    private void AddToWatch(LiveSubscriber subscriber, string userId)
    {
        while (true)
        {
            var watch = _users.GetOrAdd(userId, _ => new UserWatch());
            lock (watch)
            {
                // A concurrent Leave may have just removed this watch; joining it would miss the user's events.
                if (_users.TryGetValue(userId, out var current) && ReferenceEquals(current, watch))
                {
                    watch.Connections.Add(subscriber);
                    return;
                }
            }
        }
    }

    private void RemoveFromWatch(LiveSubscriber subscriber, string userId)
    {
        if (_users.TryGetValue(userId, out var watch))
        {
            lock (watch)
            {
                watch.Connections.Remove(subscriber);
                if (watch.Connections.Count == 0)
                {
                    _users.TryRemove(KeyValuePair.Create(userId, watch));
                }
            }
        }
    }

    /// <summary>Makes <paramref name="board"/> current and wakes every subscriber; each picks it up when it can.</summary>
    internal void Publish(BoardState board)
    {
        Volatile.Write(ref _current, board);
        foreach (var subscriber in _subscribers.Values)
        {
            subscriber.Wake();
        }
    }

    /// <summary>The watch on a user with open connections, or null when nobody listens for them.</summary>
    internal UserWatch? Watching(string userId) => _users.TryGetValue(userId, out var watch) ? watch : null;

    internal IEnumerable<string> WatchedUsers => _users.Keys;

    /// <summary>Sends a per-user event to that user's connections of <paramref name="format"/>.</summary>
    internal static void SendToUser(UserWatch watch, WireFormat format, byte[] frame)
    {
        lock (watch)
        {
            foreach (var subscriber in watch.Connections)
            {
                if (subscriber.Format == format)
                {
                    subscriber.EnqueuePersonal(frame);
                }
            }
        }
    }
}
