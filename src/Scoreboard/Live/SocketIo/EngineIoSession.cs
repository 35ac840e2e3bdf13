namespace Scoreboard.Live.SocketIo;

/// <summary>One Engine.IO connection: its id, its live subscriber, which transport carries it, and its heartbeat state.</summary>
public sealed class EngineIoSession(string sid, LiveSubscriber subscriber, DateTimeOffset now)
{
    private long _pingSentAt = now.ToUnixTimeMilliseconds();
    private int _awaitingPong;
    private int _upgraded;

    public string Sid { get; } = sid;

    public LiveSubscriber Subscriber { get; } = subscriber;

    /// <summary>Only one long-polling GET may wait at a time.</summary>
    public SemaphoreSlim Poll { get; } = new(1, 1);

    /// <summary>True once the client moved to WebSocket; long-polling requests are refused after that.</summary>
    public bool Upgraded => Volatile.Read(ref _upgraded) == 1;

    /// <summary>Marks the upgrade; false when it already happened.</summary>
    public bool TryUpgrade() => Interlocked.Exchange(ref _upgraded, 1) == 0;

    public void PongReceived() => Volatile.Write(ref _awaitingPong, 0);

    /// <summary>The reaper's tick: sends a ping when due; false when the last ping went unanswered too long.</summary>
    public bool Tick(DateTimeOffset now, TimeSpan interval, TimeSpan timeout)
    {
        var sentAt = DateTimeOffset.FromUnixTimeMilliseconds(Interlocked.Read(ref _pingSentAt));
        if (Volatile.Read(ref _awaitingPong) == 1)
        {
            return now - sentAt <= timeout;
        }

        if (now - sentAt >= interval)
        {
            Interlocked.Exchange(ref _pingSentAt, now.ToUnixTimeMilliseconds());
            Volatile.Write(ref _awaitingPong, 1);
            Subscriber.EnqueueControl(EnginePackets.Ping);
        }

        return true;
    }
}
