using Scoreboard.Reads;
using System.Collections.Concurrent;
using Scoreboard.Scoring.Boards;

namespace Scoreboard.Live;

/// <summary>
/// One watched board: its latest pushed state, the connections watching it, and the users among them, for per-user
/// events on that board. The feed writes the state; connections read it.
/// </summary>
internal sealed class LiveView(LiveViewKey key)
{
    private readonly ConcurrentDictionary<string, UserWatch> _users = new(StringComparer.Ordinal);
    private BoardState? _current;

    public LiveViewKey Key { get; } = key;

    public BoardState? Current => Volatile.Read(ref _current);

    /// <summary>Connections watching this view; the view is dropped when the last one leaves (except pinned views).</summary>
    public ConcurrentDictionary<long, LiveSubscriber> Subscribers { get; } = new();

    /// <summary>Kept without subscribers: <c>global</c>, and each board's current period (the polling channel reads them).</summary>
    public bool Pinned { get; set; }

    public IEnumerable<string> WatchedUsers => _users.Keys;

    /// <summary>Makes <paramref name="board"/> current and wakes this view's subscribers; each picks it up when it can.</summary>
    public void Publish(BoardState board)
    {
        Volatile.Write(ref _current, board);
        foreach (var subscriber in Subscribers.Values)
        {
            subscriber.Wake();
        }
    }

    public UserWatch? Watching(string userId) => _users.TryGetValue(userId, out var watch) ? watch : null;

    /// <summary>Forgets what every user was last told: a new period starts their scores and ranks afresh.</summary>
    public void ResetWatches()
    {
        foreach (var watch in _users.Values)
        {
            lock (watch)
            {
                (watch.Score, watch.Rank) = (null, null);
            }
        }
    }

    public void AddToWatch(LiveSubscriber subscriber, string userId)
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

    public void RemoveFromWatch(LiveSubscriber subscriber, string userId)
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
}
