using Microsoft.Extensions.Options;
using Scoreboard.Diagnostics;
using Scoreboard.Scoring.Boards;
using Scoreboard.Storage;
using StackExchange.Redis;

namespace Scoreboard.Ranking.Redis;

/// <summary>
/// Keeps the boards' Redis rankings built and bounded, on every instance, in the background. Each relay interval: a board
/// whose ready marker is missing (a flush, a Redis restart, a new board) or was built for fewer kept periods is rebuilt
/// from the store, by one instance at a time (a lock in the board's slot); after a write Redis did not take, or a
/// reconnection (Redis may be an older snapshot), every board is checked. Every <see cref="PruneEvery"/> intervals: rankings of
/// periods ended beyond <see cref="BoardDefinition.KeepPeriods"/> and of deleted boards are dropped, at most
/// <see cref="PruneBudget"/> per pass.
/// </summary>
public sealed class RedisBoardSync(
    RedisBoardRanks ranks, BoardReconciler reconciler, BoardRegistry registry, IConnectionMultiplexer redis, RedisKeys keys,
    IOptions<RedisOptions> options, IHostApplicationLifetime lifetime, TimeProvider clock, ILogger<RedisBoardSync> logger) : BackgroundService
{
    /// <summary>Pruning runs every this many relay intervals (30 s by default).</summary>
    public const int PruneEvery = 30;
    public const int PruneBudget = 50;

    // A board this instance does not know yet may have been made a moment ago on another: its rankings are left alone.
    private static readonly TimeSpan ForgetAfter = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan LockFor = TimeSpan.FromMinutes(2);
    private readonly string _owner = Guid.NewGuid().ToString("N");
    private long _repairsAsked;
    private long _repairsDone;

    /// <summary>True from a request to check every board until a pass that began after it has checked them all.</summary>
    public bool RepairPending => Interlocked.Read(ref _repairsAsked) > Interlocked.Read(ref _repairsDone);

    public void RepairAll() => Interlocked.Increment(ref _repairsAsked);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        redis.ConnectionRestored += (_, _) => RepairAll();
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        {
            await started.Task.WaitAsync(stoppingToken);
        }

        // The start-up check did not finish (Redis was away): do it now.
        if (!reconciler.Verified)
        {
            RepairAll();
        }

        var failing = false;
        var pruneDue = clock.GetUtcNow();
        using var timer = new PeriodicTimer(options.Value.RelayInterval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await PassAsync(stoppingToken);
                if (clock.GetUtcNow() >= pruneDue)
                {
                    await PruneAsync(stoppingToken);
                    pruneDue = clock.GetUtcNow() + (options.Value.RelayInterval * PruneEvery);
                }

                failing = false;
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                if (!failing)
                {
                    Log.BoardRankingsChoreFailed(logger, ex);
                }

                failing = true;
            }
        }
    }

    /// <summary>Rebuilds the boards that need it; with a repair asked, checks every board.</summary>
    public async Task PassAsync(CancellationToken cancellationToken)
    {
        var asked = Interlocked.Read(ref _repairsAsked);
        var repairAll = asked > Interlocked.Read(ref _repairsDone);
        var boards = registry.Current;
        var others = boards.Boards.Where(b => b.Id != BoardDefinition.GlobalId).ToList();
        var built = await ranks.BuiltForAsync(others);
        var complete = true;
        for (var i = 0; i < others.Count; i++)
        {
            if (repairAll || built[i] is not { } keep || keep < others[i].KeepPeriods)
            {
                complete &= await RebuildAsync(others[i], boards, cancellationToken);
            }
        }

        if (repairAll && complete)
        {
            Interlocked.Exchange(ref _repairsDone, asked);
        }
    }

    /// <summary>Drops rankings no longer kept: ended periods beyond keepPeriods, and boards deleted a while ago.</summary>
    public async Task<int> PruneAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var boards = registry.Current;
        var known = boards.Boards.Where(b => b.Id != BoardDefinition.GlobalId).ToDictionary(b => (b.Id, RedisBoardRanks.Generation(b)));
        var (budget, periods, deleted) = (PruneBudget, 0, 0);
        foreach (var (id, generation) in await ranks.IndexedAsync())
        {
            var board = known.GetValueOrDefault((id, generation));
            if (budget == 0 || (board is null && !Forgotten(generation, now)))
            {
                continue;
            }

            var kept = board is null ? [] : BoardPeriods.Recent(board, now, boards.SeasonsOf(id)).Select(p => p.Key).ToHashSet(StringComparer.Ordinal);
            var held = await ranks.PeriodsAsync(id, generation);
            var drop = held.Where(p => !kept.Contains(p)).Take(budget).ToList();
            foreach (var period in drop)
            {
                await ranks.DropPeriodAsync(id, generation, period);
            }

            (budget, periods) = (budget - drop.Count, periods + drop.Count);
            if (board is null && drop.Count == held.Count)
            {
                await ranks.DropBoardAsync(id, generation);
                deleted++;
            }
        }

        if (periods + deleted > 0)
        {
            Log.BoardRankingsPruned(logger, periods, deleted);
        }

        return periods;
    }

    private static bool Forgotten(string generation, DateTimeOffset now) =>
        !long.TryParse(generation, System.Globalization.CultureInfo.InvariantCulture, out var createdMs) ||
        DateTimeOffset.FromUnixTimeMilliseconds(createdMs) < now - ForgetAfter;

    /// <summary>False when another instance is rebuilding the board right now.</summary>
    private async Task<bool> RebuildAsync(BoardDefinition board, BoardSet boards, CancellationToken cancellationToken)
    {
        var db = redis.GetDatabase();
        var key = keys.BoardRebuilding(board.Id);
        if (!await db.LockTakeAsync(key, _owner, LockFor))
        {
            return false;
        }

        try
        {
            await reconciler.ReconcileAsync(board, boards, cancellationToken);
            return true;
        }
        finally
        {
            await db.LockReleaseAsync(key, _owner);
        }
    }
}
