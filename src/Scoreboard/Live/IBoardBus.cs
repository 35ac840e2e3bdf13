using System.Threading.Channels;
using Scoreboard.Scoring;

namespace Scoreboard.Live;

/// <summary>
/// Carries committed board changes from the ledger of any instance to this instance's live feed.
/// In-process in embedded mode; Redis pub/sub between instances in distributed mode.
/// </summary>
public interface IBoardBus
{
    /// <summary>Announces <c>global</c> standings that a committed batch changed.</summary>
    ValueTask PublishAsync(IReadOnlyList<Standing> changed, CancellationToken cancellationToken) => PublishAsync(changed, [], cancellationToken);

    /// <summary>Announces the <c>global</c> standings and the other boards' standings a committed batch changed.</summary>
    ValueTask PublishAsync(IReadOnlyList<Standing> changed, IReadOnlyList<BoardTouch> boards, CancellationToken cancellationToken);

    /// <summary>Changes in publication order, each with a sequence number shared by every instance.</summary>
    ChannelReader<BoardChange> Changes { get; }

    /// <summary>
    /// The last sequence number any instance published, so a feed that starts now numbers its first board from there
    /// and a client moving to this instance never sees the numbers go back.
    /// </summary>
    ValueTask<long> LastSequenceAsync(CancellationToken cancellationToken) => ValueTask.FromResult(0L);
}

/// <summary>One published batch of changed standings: <c>global</c>'s, and those of other boards with their periods.</summary>
public sealed record BoardChange(long Sequence, IReadOnlyList<Standing> Standings)
{
    public IReadOnlyList<BoardTouch> Boards { get; init; } = [];
}

/// <summary>A standing a batch changed on a board other than <c>global</c>, in one period.</summary>
public sealed record BoardTouch(string Board, string Period, Standing Standing);
