using Scoreboard.Diagnostics;
using Scoreboard.Scoring;
using Scoreboard.Storage;
using Scoreboard.Storage.Postgres;

namespace Scoreboard.Ranking.Redis;

/// <summary>What a reconcile found and did.</summary>
public sealed record ReconcileReport(long Users, long Repaired, long Removed);

/// <summary>
/// Verifies the Redis index against the store and repairs it, while credits keep flowing: missing or stale entries
/// are written (versioned); an entry that differs otherwise (the store was edited or restored) is checked against the
/// store once more and then overwritten only if Redis still holds what was read; entries the store does not know go.
/// Runs at every start-up and as the <c>reconcile</c> command, for global and then for every other board's kept periods.
/// </summary>
public sealed class Reconciler(IScoreStore store, PostgresBoard board, RedisRankIndex index, BoardReconciler boards, ILogger<Reconciler> logger)
{
    private const int ProgressEvery = 10_000;

    public Task<ReconcileReport> RunAsync(CancellationToken cancellationToken) => RunAsync(store.ReadStandingsAsync(cancellationToken), cancellationToken);

    public async Task<ReconcileReport> RunAsync(IAsyncEnumerable<Standing> standings, CancellationToken cancellationToken)
    {
        var truth = new Dictionary<string, Standing>(StringComparer.Ordinal);
        await foreach (var standing in standings.WithCancellation(cancellationToken))
        {
            truth[standing.UserId] = standing;
            if (truth.Count % ProgressEvery == 0)
            {
                Log.IndexRebuildProgress(logger, truth.Count);
            }
        }

        var (repaired, removed) = await RepairAsync(truth, index, async (user, ct) => (await board.FindAsync(user, ct))?.Standing, cancellationToken);
        await index.MarkReadyAsync();
        Log.Reconciled(logger, truth.Count, repaired, removed);
        var onBoards = await boards.RunAsync(cancellationToken);
        return new ReconcileReport(truth.Count, repaired + onBoards.Repaired, removed + onBoards.Removed);
    }

    /// <summary>
    /// Brings one ranking to <paramref name="truth"/>: missing or stale entries written (versioned), entries that differ
    /// otherwise overwritten with what <paramref name="current"/> reads from the store now, only if still as compared,
    /// entries the store does not know removed. Returns (repaired, removed).
    /// </summary>
    public static async Task<(long Repaired, long Removed)> RepairAsync(
        IReadOnlyDictionary<string, Standing> truth, RedisRankIndex index, Func<string, CancellationToken, Task<Standing?>> current,
        CancellationToken cancellationToken)
    {
        var stale = new List<Standing>();
        var recheck = new List<Standing>();
        var unknown = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var indexed in index.ReadAllAsync(cancellationToken))
        {
            seen.Add(indexed.UserId);
            if (!truth.TryGetValue(indexed.UserId, out var expected))
            {
                // Credited after the truth was read (then checked as any other difference), or unknown to the store.
                if (await current(indexed.UserId, cancellationToken) is null)
                {
                    unknown.Add(indexed.UserId);
                }
                else
                {
                    recheck.Add(indexed);
                }
            }
            else if (indexed.ReachedAt < expected.ReachedAt)
            {
                stale.Add(expected);
            }
            else if (indexed != expected)
            {
                recheck.Add(indexed);
            }
        }

        stale.AddRange(truth.Values.Where(s => !seen.Contains(s.UserId)));
        long repaired = 0;
        foreach (var chunk in stale.Chunk(500))
        {
            repaired += await index.SetAsync(chunk);
        }

        foreach (var indexed in recheck)
        {
            if (await current(indexed.UserId, cancellationToken) is { } now && now != indexed)
            {
                repaired += await index.ForceAsync([(now, indexed)]);
            }
        }

        // A user the store does not know was never credited there (Redis outlived a store reset): not on this board.
        return (repaired, unknown.Count == 0 ? 0 : await index.RemoveAsync(unknown));
    }
}
