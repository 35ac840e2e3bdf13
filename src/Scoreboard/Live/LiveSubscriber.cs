namespace Scoreboard.Live;

/// <summary>
/// One live connection's mailbox. It holds a reference to the latest board, never a queue of boards, so a client
/// that cannot keep up skips to the newest state; per-user events and transport control packets queue, bounded in
/// bytes (<see cref="MaxQueuedBytes"/>).
/// </summary>
public sealed class LiveSubscriber
{
    /// <summary>Per-user events kept for a connection that is not reading; older ones are dropped first.</summary>
    public const int MaxPersonalFrames = 32;

    /// <summary>
    /// Bytes of control packets and per-user events one connection may have waiting. Control packets cannot be
    /// dropped, so a connection whose client makes them pile up (pings it never collects) is closed instead.
    /// </summary>
    public const int MaxQueuedBytes = 16 * 1024;

    // A queued frame costs its array and its queue slot besides its bytes, so a flood of one-byte packets counts too.
    private const int FrameOverhead = 64;

    private readonly WakeSignal _wake = new();
    private int _beat;
    private readonly Queue<byte[]> _control = new();
    private readonly Queue<byte[]> _personal = new();
    private readonly LiveHub _hub;
    private long _sentSequence = -1;

    // The period of the last board sent; null until one was. A board of another period is sent whole, as on connect.
    private string? _sentPeriod;
    private bool _active;
    private int _queuedBytes;
    private bool _overflowed;

    internal LiveSubscriber(LiveHub hub, long id, WireFormat format, string? userId, string address)
    {
        _hub = hub;
        Id = id;
        Format = format;
        UserId = userId;
        Address = address;
    }

    /// <summary>What <see cref="NextAsync"/> returns when only a heartbeat is due; the transport writes its own keep-alive instead.</summary>
    public static IReadOnlyList<byte[]> HeartbeatDue { get; } = [[]];

    public long Id { get; }

    public WireFormat Format { get; }

    /// <summary>The board and period this connection watches (set when it joins the hub).</summary>
    internal LiveView View { get; set; } = null!;

    /// <summary>The client address this connection counts against (see <see cref="ClientAddress"/>).</summary>
    public string Address { get; }

    /// <summary>True once the connection let its queue pass <see cref="MaxQueuedBytes"/>; it is then closed.</summary>
    public bool Overflowed
    {
        get
        {
            lock (_control)
            {
                return _overflowed;
            }
        }
    }

    /// <summary>Who this connection belongs to, for per-user events; null for anonymous boards.</summary>
    public string? UserId { get; private set; }

    /// <summary>Sets the user once, for a transport that learns it after opening (Socket.IO's CONNECT); false if already set.</summary>
    internal bool SetUser(string userId)
    {
        lock (_control)
        {
            if (UserId is not null)
            {
                return false;
            }

            UserId = userId;
            return true;
        }
    }

    /// <summary>Sequence of the last board this connection was sent; -1 before the first.</summary>
    public long SentSequence => Interlocked.Read(ref _sentSequence);

    /// <summary>Starts board delivery: the next <see cref="NextAsync"/> returns the current board.</summary>
    public void Activate()
    {
        Volatile.Write(ref _active, true);
        Wake();
    }

    /// <summary>Marks the board with <paramref name="sequence"/> as already known (SSE Last-Event-ID).</summary>
    public void AssumeSent(long sequence) => Interlocked.Exchange(ref _sentSequence, sequence);

    /// <summary>
    /// Queues a transport packet that must not be dropped (acks, pings, pongs). False when that would pass
    /// <see cref="MaxQueuedBytes"/>: the queue is then emptied and the subscriber completed; the transport closes it.
    /// </summary>
    public bool EnqueueControl(byte[] frame)
    {
        lock (_control)
        {
            if (!_overflowed && _queuedBytes + Cost(frame) <= MaxQueuedBytes)
            {
                _control.Enqueue(frame);
                _queuedBytes += Cost(frame);
                Wake();
                return true;
            }

            _overflowed = true;
            _hub.Metrics?.LiveDropped(Format.Transport());
            _control.Clear();
            _personal.Clear();
            _queuedBytes = 0;
        }

        Complete();
        return false;
    }

    internal void EnqueuePersonal(byte[] frame)
    {
        lock (_control)
        {
            if (_overflowed)
            {
                return;
            }

            // Per-user events are a view of the latest state: dropping the oldest loses nothing the board does not show.
            while (_personal.Count > 0 && (_personal.Count == MaxPersonalFrames || _queuedBytes + Cost(frame) > MaxQueuedBytes))
            {
                _queuedBytes -= Cost(_personal.Dequeue());
            }

            if (_queuedBytes + Cost(frame) <= MaxQueuedBytes)
            {
                _personal.Enqueue(frame);
                _queuedBytes += Cost(frame);
            }
        }

        Wake();
    }

    internal void Wake() => _wake.Set();

    /// <summary>A heartbeat is due (<see cref="Transports.SseHeartbeats"/>): a waiting <see cref="NextAsync"/> with nothing to send returns <see cref="HeartbeatDue"/>.</summary>
    internal void Beat()
    {
        Volatile.Write(ref _beat, 1);
        Wake();
    }

    /// <summary>Counts this connection as cut off for reading too slowly (its transport's send deadline passed).</summary>
    internal void CutOff() => _hub.Metrics?.LiveDropped(Format.Transport());

    /// <summary>Ends a pending <see cref="NextAsync"/>; used when a transport is replaced or closed.</summary>
    public void Complete() => _wake.Complete();

    /// <summary>Waits until there is something to send and returns all of it; empty when the subscriber was completed.</summary>
    public async ValueTask<IReadOnlyList<byte[]>> NextAsync(CancellationToken cancellationToken)
    {
        while (!Overflowed)
        {
            var frames = new List<byte[]>();
            Drain(_control, frames);
            if (Volatile.Read(ref _active) && View.Current is { } board
                && (board.Sequence != SentSequence || (_sentPeriod is not null && _sentPeriod != board.Period)))
            {
                // Boards are shared bytes, the same array for every subscriber: they cost this connection nothing.
                frames.AddRange(_sentPeriod is not null && _sentPeriod != board.Period ? board.FramesFor(Format, -1) : board.FramesFor(Format, SentSequence));
                Interlocked.Exchange(ref _sentSequence, board.Sequence);
                _sentPeriod = board.Period;
                _hub.Metrics?.LiveDelivered(Format.Transport());
            }

            Drain(_personal, frames);
            if (frames.Count > 0)
            {
                // A send is itself a sign of life: no heartbeat is due after it.
                Volatile.Write(ref _beat, 0);
                return frames;
            }

            if (Interlocked.Exchange(ref _beat, 0) == 1)
            {
                return HeartbeatDue;
            }

            if (!await _wake.WaitAsync(cancellationToken))
            {
                return [];
            }
        }

        return [];
    }

    private void Drain(Queue<byte[]> queue, List<byte[]> into)
    {
        lock (_control)
        {
            while (queue.TryDequeue(out var frame))
            {
                _queuedBytes -= Cost(frame);
                into.Add(frame);
            }
        }
    }

    private static int Cost(byte[] frame) => frame.Length + FrameOverhead;
}
