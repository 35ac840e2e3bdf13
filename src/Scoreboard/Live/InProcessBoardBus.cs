using System.Threading.Channels;
using Scoreboard.Scoring;

namespace Scoreboard.Live;

/// <summary>The embedded mode's bus: a bounded channel inside the one process.</summary>
/// <param name="reads">Told of every change as it is published, so a cached read never lags a commit its caller saw.</param>
public sealed class InProcessBoardBus(Reads.ReadCache? reads = null) : IBoardBus
{
    // Bounded so a stalled reader cannot grow memory; the feed recomputes the board from the index,
    // so a dropped batch costs only its per-user notifications.
    private readonly Channel<BoardChange> _changes = Channel.CreateBounded<BoardChange>(
        new BoundedChannelOptions(10_000) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });

    // Publishers are serialized by the ledger writer (commits, reversals and erasures take its index-order lock).
    private long _last;

    public ChannelReader<BoardChange> Changes => _changes.Reader;

    public ValueTask PublishAsync(IReadOnlyList<Standing> changed, IReadOnlyList<BoardTouch> boards, CancellationToken cancellationToken)
    {
        // The sequence is the newest ledger id in the batch: ledger ids only grow, across restarts too, so a client
        // resuming with a number from before a restart is never taken for up to date with a board after it.
        // A change that adds no event (an erasure) still moves the number on, or connections would take its board for
        // the one they have.
        if (changed.Count > 0 || boards.Count > 0)
        {
            var newest = Math.Max(changed.Count > 0 ? changed.Max(s => s.ReachedAt) : 0, boards.Count > 0 ? boards.Max(b => b.Standing.ReachedAt) : 0);
            var sequence = newest > _last ? newest : _last + 1;
            _last = sequence;
            reads?.Changed(sequence, changed.Count > 0, boards.Select(b => b.Board));
            _changes.Writer.TryWrite(new BoardChange(sequence, changed) { Boards = boards });
        }

        return ValueTask.CompletedTask;
    }
}
