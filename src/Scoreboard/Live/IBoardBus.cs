using System.Threading.Channels;
using Scoreboard.Scoring;

namespace Scoreboard.Live;

/// <summary>
/// Carries committed board changes from the ledger of any instance to this instance's live feed.
/// In-process in embedded mode; Redis pub/sub between instances in distributed mode.
/// </summary>
public interface IBoardBus
{
    /// <summary>Announces standings that a committed batch changed.</summary>
    ValueTask PublishAsync(IReadOnlyList<Standing> changed, CancellationToken cancellationToken);

    /// <summary>Changes in publication order, each with a sequence number shared by every instance.</summary>
    ChannelReader<BoardChange> Changes { get; }

    /// <summary>
    /// The last sequence number any instance published, so a feed that starts now numbers its first board from there
    /// and a client moving to this instance never sees the numbers go back.
    /// </summary>
    ValueTask<long> LastSequenceAsync(CancellationToken cancellationToken) => ValueTask.FromResult(0L);
}

/// <summary>One published batch of changed standings.</summary>
public sealed record BoardChange(long Sequence, IReadOnlyList<Standing> Standings);
