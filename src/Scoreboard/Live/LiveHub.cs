using Scoreboard.Reads;
using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Scoreboard.Live;

/// <summary>
/// This instance's live connections: the views they watch (a board and period each, with its latest state), the
/// connection cap, and per view the index from user to connections that per-user events go through.
/// </summary>
/// <param name="cap">The cap shared by every instance in distributed mode; null counts this instance alone.</param>
public sealed class LiveHub(IOptions<LiveOptions> options, ILiveConnectionCap? cap = null, Diagnostics.ScoreboardMetrics? metrics = null)
{
    private readonly ConcurrentDictionary<long, LiveSubscriber> _subscribers = new();
    private readonly ConcurrentDictionary<LiveViewKey, LiveView> _views = new();
    private readonly Lock _viewsGate = new();
    private readonly LiveView _global = new(LiveViewKey.Global) { Pinned = true };
    private readonly AddressCounts _addresses = new();

    // Tells the feed a view appeared that has no state yet; one pending signal is enough.
    private readonly System.Threading.Channels.Channel<bool> _viewAdded = System.Threading.Channels.Channel.CreateBounded<bool>(
        new System.Threading.Channels.BoundedChannelOptions(1) { FullMode = System.Threading.Channels.BoundedChannelFullMode.DropWrite });

    private long _nextId;
    private int _count;

    /// <summary>The latest <c>global</c> board; null until the feed computed the first one.</summary>
    public BoardState? Current => _global.Current;

    /// <summary>Every view watched now, and the pinned ones; at most one per board and period with a connection.</summary>
    internal ICollection<LiveView> Views
    {
        get
        {
            _views.TryAdd(LiveViewKey.Global, _global);
            return _views.Values;
        }
    }

    /// <summary>Signalled when a view without state appeared, so the feed computes it without waiting for a change.</summary>
    internal System.Threading.Channels.ChannelReader<bool> ViewAdded => _viewAdded.Reader;

    /// <summary>The state of <paramref name="key"/> when someone watches it or it is pinned; null otherwise or before the first.</summary>
    public BoardState? StateOf(LiveViewKey key) => _views.TryGetValue(key, out var view) ? view.Current : null;

    public int Count => Volatile.Read(ref _count);

    internal Diagnostics.ScoreboardMetrics? Metrics => metrics;

    /// <summary>Marks a heartbeat due on every event stream (one timer for all of them, not one per connection).</summary>
    internal void BeatStreams()
    {
        foreach (var subscriber in _subscribers.Values)
        {
            if (subscriber.Format is WireFormat.Seed001Sse or WireFormat.Seed003Sse)
            {
                subscriber.Beat();
            }
        }
    }

    /// <summary>
    /// A new subscriber from <paramref name="address"/>, or null with the reason when the instance already holds the
    /// configured maximum, or that address its share of it.
    /// </summary>
    public LiveSubscriber? TryJoin(WireFormat format, string? userId, string address, out JoinRefusal refusal, LiveViewKey? view = null)
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
        subscriber.View = Enter(subscriber, view ?? LiveViewKey.Global);
        metrics?.LiveConnection(format.Transport(), 1);
        if (userId is not null)
        {
            subscriber.View.AddToWatch(subscriber, userId);
        }

        refusal = JoinRefusal.None;
        return subscriber;
    }

    /// <summary>
    /// Joins as <see cref="TryJoin"/> does, then takes a slot of the shared cap when there is one; null with the
    /// reason when this instance or the whole deployment is full, or the address holds its share.
    /// </summary>
    public async ValueTask<(LiveSubscriber? Subscriber, JoinRefusal Refusal)> JoinAsync(
        WireFormat format, string? userId, string address, CancellationToken cancellationToken, LiveViewKey? view = null)
    {
        if (TryJoin(format, userId, address, out var refusal, view) is not { } subscriber)
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

        var view = subscriber.View;
        view.AddToWatch(subscriber, userId);
        if (!_subscribers.ContainsKey(subscriber.Id))
        {
            // It left meanwhile, before joining the watch: undo, so the watch does not keep a closed connection.
            view.RemoveFromWatch(subscriber, userId);
        }

        return true;
    }

    /// <summary>Moves a connection that is not yet receiving boards to another view (Socket.IO names its board in CONNECT).</summary>
    internal void Move(LiveSubscriber subscriber, LiveViewKey key)
    {
        if (subscriber.View.Key == key || !_subscribers.ContainsKey(subscriber.Id))
        {
            return;
        }

        Exit(subscriber);
        subscriber.View = Enter(subscriber, key);
        if (subscriber.UserId is { } userId)
        {
            subscriber.View.AddToWatch(subscriber, userId);
        }
    }

    /// <summary>Keeps a view (each board's current period) alive without subscribers, or lets it go.</summary>
    internal void Pin(LiveViewKey key, bool pinned)
    {
        lock (_viewsGate)
        {
            if (pinned)
            {
                Add(key).Pinned = true;
            }
            else if (key != LiveViewKey.Global && _views.TryGetValue(key, out var view))
            {
                view.Pinned = false;
                DropIfIdle(view);
            }
        }
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
        Exit(subscriber);
    }

    /// <summary>Makes <paramref name="board"/> the current <c>global</c> board and wakes its subscribers.</summary>
    internal void Publish(BoardState board) => _global.Publish(board);

    /// <summary>The watch on a user with open connections to <c>global</c>, or null when nobody listens for them there.</summary>
    internal UserWatch? Watching(string userId) => _global.Watching(userId);

    internal IEnumerable<string> WatchedUsers => _views.Values.SelectMany(v => v.WatchedUsers);

    private LiveView Enter(LiveSubscriber subscriber, LiveViewKey key)
    {
        lock (_viewsGate)
        {
            var view = Add(key);
            view.Subscribers[subscriber.Id] = subscriber;
            return view;
        }
    }

    private void Exit(LiveSubscriber subscriber)
    {
        var view = subscriber.View;
        if (subscriber.UserId is { } userId)
        {
            view.RemoveFromWatch(subscriber, userId);
        }

        lock (_viewsGate)
        {
            view.Subscribers.TryRemove(subscriber.Id, out _);
            DropIfIdle(view);
        }
    }

    private LiveView Add(LiveViewKey key)
    {
        if (key == LiveViewKey.Global)
        {
            _views.TryAdd(key, _global);
            return _global;
        }

        if (!_views.TryGetValue(key, out var view))
        {
            _views[key] = view = new LiveView(key);
            _viewAdded.Writer.TryWrite(true);
        }

        return view;
    }

    private void DropIfIdle(LiveView view)
    {
        if (!view.Pinned && view.Subscribers.IsEmpty)
        {
            _views.TryRemove(KeyValuePair.Create(view.Key, view));
        }
    }

    /// <summary>Sends a per-user event to that user's connections of <paramref name="format"/> on the watch's view.</summary>
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
