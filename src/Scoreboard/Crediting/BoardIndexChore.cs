using Scoreboard.Diagnostics;
using Scoreboard.Ranking;
using Scoreboard.Scoring;
using Scoreboard.Scoring.Boards;
using Scoreboard.Storage;

namespace Scoreboard.Crediting;

/// <summary>
/// Before the server accepts requests: reads the boards and, for the in-process index, rebuilds every kept period's
/// ranking from the store. Then, in the background, drops rankings of periods that ended beyond a board's
/// <see cref="BoardDefinition.KeepPeriods"/> (the ledger and the standings' rows stay).
/// </summary>
public sealed class BoardIndexChore(
    BoardRegistry registry, BoardStore store, IBoardRanks ranks, TimeProvider clock, ILogger<BoardIndexChore> logger) : BackgroundService
{
    public static readonly TimeSpan PruneInterval = TimeSpan.FromSeconds(30);

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await registry.LoadAsync(cancellationToken);
        if (ranks is BoardRankIndex index)
        {
            var boards = registry.Current;
            var now = clock.GetUtcNow();
            var standings = new List<(BoardPeriod, Standing)>();
            var periods = 0;
            foreach (var board in boards.Boards.Where(b => b.Id != BoardDefinition.GlobalId))
            {
                var kept = BoardPeriods.Recent(board, now, boards.SeasonsOf(board.Id)).Select(p => p.Key).ToHashSet(StringComparer.Ordinal);
                periods += kept.Count;
                await foreach (var (standing, name) in store.ReadStandingsAsync(board.Id, kept, cancellationToken))
                {
                    standings.Add((standing.Board, standing.ToStanding(name)));
                }
            }

            index.Rebuild(standings, boards);
            Log.BoardIndexRebuilt(logger, periods, standings.Count);
        }

        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (ranks is not BoardRankIndex index)
        {
            return;
        }

        using var timer = new PeriodicTimer(PruneInterval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            index.Prune(registry.Current, clock.GetUtcNow());
        }
    }
}
