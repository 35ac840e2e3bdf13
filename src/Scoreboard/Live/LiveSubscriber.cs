using System.Threading.Channels;

namespace Scoreboard.Live;

/// <summary>
/// One live connection's mailbox. It holds a reference to the latest board, never a queue of boards, so a client
/// that cannot keep up skips to the newest state; per-user events and transport control packets queue, bounded.
/// </summary>
public sealed class LiveSubscriber
{
    /// <summary>Per-user events kept for a connection that is not reading; older ones are dropped first.</summary>
    public const int MaxPersonalFrames = 32;

    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly Queue<byte[]> _control = new();
    private readonly Queue<byte[]> _personal = new();
    private readonly LiveHub _hub;
    private long _sentSequence = -1;
    private bool _active;

    internal LiveSubscriber(LiveHub hub, long id, WireFormat format, string? userId)
    {
        _hub = hub;
        Id = id;
        Format = format;
        UserId = userId;
    }

    public long Id { get; }

    public WireFormat Format { get; }

    /// <summary>Who this connection belongs to, for per-user events; null for anonymous boards.</summary>
    public string? UserId { get; private set; }

    /// <summary>Sets the user once, for a transport that learns it after opening (Socket.IO's CONNECT); false if already set.</summary>
    internal bool SetUser(string userId)
    {
        lock (_personal)
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

    /// <summary>Queues a transport packet that must not be dropped (acks, pings); transports send few of these.</summary>
    public void EnqueueControl(byte[] frame)
    {
        lock (_control)
        {
            _control.Enqueue(frame);
        }

        Wake();
    }

    internal void EnqueuePersonal(byte[] frame)
    {
        lock (_personal)
        {
            if (_personal.Count == MaxPersonalFrames)
            {
                _personal.Dequeue();
            }

            _personal.Enqueue(frame);
        }

        Wake();
    }

    internal void Wake() => _wake.Writer.TryWrite(true);

    /// <summary>Ends a pending <see cref="NextAsync"/>; used when a transport is replaced or closed.</summary>
    public void Complete() => _wake.Writer.TryComplete();

    /// <summary>Waits until there is something to send and returns all of it; empty when the subscriber was completed.</summary>
    public async ValueTask<IReadOnlyList<byte[]>> NextAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var frames = new List<byte[]>();
            Drain(_control, frames);
            if (Volatile.Read(ref _active) && _hub.Current is { } board && board.Sequence != SentSequence)
            {
                frames.AddRange(board.FramesFor(Format, SentSequence));
                Interlocked.Exchange(ref _sentSequence, board.Sequence);
            }

            Drain(_personal, frames);
            if (frames.Count > 0)
            {
                return frames;
            }

            if (!await _wake.Reader.WaitToReadAsync(cancellationToken))
            {
                return [];
            }

            _wake.Reader.TryRead(out _);
        }
    }

    private static void Drain(Queue<byte[]> queue, List<byte[]> into)
    {
        lock (queue)
        {
            while (queue.TryDequeue(out var frame))
            {
                into.Add(frame);
            }
        }
    }
}
