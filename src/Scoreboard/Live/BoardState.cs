using Scoreboard.Scoring;
using Scoreboard.Scoring.Boards;

namespace Scoreboard.Live;

/// <summary>
/// One pushed board, already serialized for every wire format: every subscriber of a format is sent the same bytes.
/// </summary>
public sealed class BoardState
{
    private readonly Dictionary<WireFormat, FormatFrames> _frames;

    internal BoardState(long sequence, long previousSequence, DateTimeOffset timestamp, IReadOnlyList<RankedStanding> top,
        Dictionary<WireFormat, FormatFrames> frames, byte[] pollingReply, PeriodWindow? period = null)
    {
        Period = (period ?? PeriodWindow.All).Key;
        EndsAt = period?.EndsAt;
        Sequence = sequence;
        PreviousSequence = previousSequence;
        Timestamp = timestamp;
        Top = top;
        _frames = frames;
        PollingReply = pollingReply;
    }

    /// <summary>The board's sequence number: the bus sequence of the last change it includes.</summary>
    public long Sequence { get; }

    /// <summary>The sequence of the board pushed before this one; a client holding it missed nothing.</summary>
    public long PreviousSequence { get; }

    public DateTimeOffset Timestamp { get; }

    /// <summary>The period key of the rows; a subscriber following <c>current</c> is sent a new key's board whole.</summary>
    public string Period { get; }

    /// <summary>When the period ends (null: never); the feed wakes then to push the next period's board.</summary>
    public DateTimeOffset? EndsAt { get; }

    public IReadOnlyList<RankedStanding> Top { get; }

    /// <summary>002's polling reply with <c>hasChanges: true</c>, serialized once.</summary>
    public byte[] PollingReply { get; }

    /// <summary>
    /// What a subscriber that was last sent <paramref name="sentSequence"/> needs: the connect message (-1), the
    /// update (it holds the previous board), or a catch-up (it missed boards and gets the whole state).
    /// </summary>
    public IReadOnlyList<byte[]> FramesFor(WireFormat format, long sentSequence)
    {
        var frames = _frames[format];
        return sentSequence < 0 ? frames.Connect : sentSequence == PreviousSequence ? frames.Update : frames.CatchUp;
    }
}

/// <summary>The serialized messages of one board in one format.</summary>
internal sealed record FormatFrames(byte[][] Connect, byte[][] Update, byte[][] CatchUp)
{
    /// <summary>Formats whose every message is the whole board.</summary>
    public static FormatFrames Same(byte[] frame) => new([frame], [frame], [frame]);
}
