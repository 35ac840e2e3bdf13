namespace Scoreboard.Live.SocketIo;

/// <summary>One Engine.IO connection: its id, its live subscriber, which transport carries it, and its heartbeat state.</summary>
public sealed class EngineIoSession(string sid, LiveSubscriber subscriber, DateTimeOffset now)
{
    /// <summary>
    /// How long a long-polling session may go without a poll before it is closed. A real client polls again as soon
    /// as a poll returns, so only a client that stopped (or never started, after its handshake) waits this long; it
    /// should not hold a slot of the connection cap for a heartbeat's worth of time.
    /// </summary>
    public static readonly TimeSpan PollWindow = TimeSpan.FromSeconds(10);

    private long _pingSentAt = now.ToUnixTimeMilliseconds();
    private long _lastPollAt = now.ToUnixTimeMilliseconds();
    private int _polling;
    private int _awaitingPong;
    private int _upgraded;

    public string Sid { get; } = sid;

    public LiveSubscriber Subscriber { get; } = subscriber;

    /// <summary>Only one long-polling GET may wait at a time.</summary>
    public SemaphoreSlim Poll { get; } = new(1, 1);

    /// <summary>Only one long-polling POST may be read at a time, so a session holds at most one body in memory.</summary>
    public SemaphoreSlim Post { get; } = new(1, 1);

    /// <summary>True once the client moved to WebSocket; long-polling requests are refused after that.</summary>
    public bool Upgraded => Volatile.Read(ref _upgraded) == 1;

    /// <summary>Marks the upgrade; false when it already happened.</summary>
    public bool TryUpgrade() => Interlocked.Exchange(ref _upgraded, 1) == 0;

    public void PongReceived() => Volatile.Write(ref _awaitingPong, 0);

    /// <summary>A poll (or an upgrade probe) started: the client is present while it lasts.</summary>
    public void PollStarted() => Interlocked.Increment(ref _polling);

    /// <summary>The poll ended at <paramref name="at"/>; the client has <see cref="PollWindow"/> to send the next.</summary>
    public void PollEnded(DateTimeOffset at)
    {
        Interlocked.Exchange(ref _lastPollAt, at.ToUnixTimeMilliseconds());
        Interlocked.Decrement(ref _polling);
    }

    /// <summary>
    /// The reaper's tick: sends a ping when due; false when the session should close: the last ping went unanswered
    /// too long, its queue overflowed, or a long-polling client has not polled within <see cref="PollWindow"/>.
    /// </summary>
    public bool Tick(DateTimeOffset now, TimeSpan interval, TimeSpan timeout)
    {
        if (Subscriber.Overflowed)
        {
            return false;
        }

        if (!Upgraded && Volatile.Read(ref _polling) == 0
            && now - DateTimeOffset.FromUnixTimeMilliseconds(Interlocked.Read(ref _lastPollAt)) > PollWindow)
        {
            return false;
        }

        var sentAt = DateTimeOffset.FromUnixTimeMilliseconds(Interlocked.Read(ref _pingSentAt));
        if (Volatile.Read(ref _awaitingPong) == 1)
        {
            return now - sentAt <= timeout;
        }

        if (now - sentAt >= interval)
        {
            Interlocked.Exchange(ref _pingSentAt, now.ToUnixTimeMilliseconds());
            Volatile.Write(ref _awaitingPong, 1);
            return Subscriber.EnqueueControl(EnginePackets.Ping);
        }

        return true;
    }
}
