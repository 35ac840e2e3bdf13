using Scoreboard.Diagnostics;
using Scoreboard.Scoring;
using Scoreboard.Scoring.Boards;
using Scoreboard.Storage;
using Scoreboard.Storage.Postgres;

namespace Scoreboard.Ranking.Redis;

/// <summary>
/// Builds and verifies the Redis rankings of the boards other than <c>global</c> from PostgreSQL's
/// <c>board_standings</c>, period by kept period, with <see cref="Reconciler.RepairAsync"/>: so a rebuild after a flush
/// and a check of a live index are the same versioned, compare-and-set repair, safe while credits keep flowing.
/// </summary>
public sealed class BoardReconciler(
    RedisBoardRanks ranks, PostgresBoardRanks store, BoardRegistry registry, TimeProvider clock, ILogger<BoardReconciler> logger)
{
    /// <summary>True once every board was checked (at start-up, or by the command).</summary>
    public bool Verified { get; private set; }

    /// <summary>Every board, with the boards re-read from the store first (the command line has no running registry).</summary>
    public async Task<(long Repaired, long Removed)> RunAsync(CancellationToken cancellationToken)
    {
        await registry.LoadAsync(cancellationToken);
        var boards = registry.Current;
        long repaired = 0, removed = 0;
        foreach (var board in boards.Boards.Where(b => b.Id != BoardDefinition.GlobalId))
        {
            var (r, x) = await ReconcileAsync(board, boards, cancellationToken);
            (repaired, removed) = (repaired + r, removed + x);
        }

        Verified = true;
        return (repaired, removed);
    }

    /// <summary>One board's kept periods brought to the store's standings; then the board is marked built.</summary>
    public async Task<(long Repaired, long Removed)> ReconcileAsync(BoardDefinition board, BoardSet boards, CancellationToken cancellationToken)
    {
        var kept = BoardPeriods.Recent(board, clock.GetUtcNow(), boards.SeasonsOf(board.Id)).Select(p => p.Key).ToList();
        var truth = await store.ReadStandingsAsync(board.Id, kept, cancellationToken);
        long repaired = 0, removed = 0;
        foreach (var period in kept)
        {
            var (r, x) = await Reconciler.RepairAsync(
                truth.TryGetValue(period, out var users) ? users : [], ranks.Ranking(board, period),
                async (user, ct) => (await store.FindAsync(board, period, user, ct))?.Standing, cancellationToken);
            (repaired, removed) = (repaired + r, removed + x);
        }

        await ranks.MarkBuiltAsync(board, truth.Keys);
        Log.BoardRankingsReconciled(logger, board.Id, kept.Count, truth.Values.Sum(p => (long)p.Count), repaired, removed);
        return (repaired, removed);
    }
}
