using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Scoreboard.Live;

/// <summary>
/// This instance's live connections: the current board every subscriber reads, the connection cap, and the
/// index from user to connections that per-user events go through.
/// </summary>
/// <param name="cap">The cap shared by every instance in distributed mode; null counts this instance alone.</param>
public sealed class LiveHub(IOptions<LiveOptions> options, ILiveConnectionCap? cap = null)
{
    private readonly ConcurrentDictionary<long, LiveSubscriber> _subscribers = new();
    private readonly ConcurrentDictionary<string, UserWatch> _users = new(StringComparer.Ordinal);
    private long _nextId;
    private int _count;
    private BoardState? _current;

    /// <summary>The latest board; null until the feed computed the first one.</summary>
    public BoardState? Current => Volatile.Read(ref _current);

    public int Count => Volatile.Read(ref _count);

    /// <summary>A new subscriber, or null when the instance already holds the configured maximum.</summary>
    public LiveSubscriber? TryJoin(WireFormat format, string? userId)
    {
        if (Interlocked.Increment(ref _count) > options.Value.MaxConnections)
        {
            Interlocked.Decrement(ref _count);
            return null;
        }

        var subscriber = new LiveSubscriber(this, Interlocked.Increment(ref _nextId), format, userId);
        _subscribers[subscriber.Id] = subscriber;
        if (userId is not null)
        {
            AddToWatch(subscriber, userId);
        }

        return subscriber;
    }

    /// <summary>
    /// Joins as <see cref="TryJoin"/> does, then takes a slot of the shared cap when there is one; null when either
    /// this instance or the whole deployment already holds the configured maximum.
    /// </summary>
    public async ValueTask<LiveSubscriber?> JoinAsync(WireFormat format, string? userId, CancellationToken cancellationToken)
    {
        if (TryJoin(format, userId) is not { } subscriber)
        {
            return null;
        }

        if (cap is null || await cap.TryOpenAsync(subscriber.Id, options.Value.MaxConnections, cancellationToken))
        {
            return subscriber;
        }

        Leave(subscriber);
        return null;
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

    public void Leave(LiveSubscriber subscriber)
    {
        if (!_subscribers.TryRemove(subscriber.Id, out _))
        {
            return;
        }

        Interlocked.Decrement(ref _count);
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

/// <summary>A user with open connections and the last score and rank they were told, for per-user deltas.</summary>
internal sealed class UserWatch
{
    public List<LiveSubscriber> Connections { get; } = [];

    public long? Score { get; set; }

    public long? Rank { get; set; }
}
