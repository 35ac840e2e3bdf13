using Scoreboard.Diagnostics;
using Scoreboard.Scoring;
using Scoreboard.Storage;
using Scoreboard.Storage.Postgres;

namespace Scoreboard.Ranking.Redis;

/// <summary>What a reconcile found and did.</summary>
public sealed record ReconcileReport(long Users, long Repaired, long Removed);

/// <summary>
/// Verifies the Redis index against the store and repairs it: missing or stale entries are written, entries
/// the store does not know are removed, and an entry that looks newer than the store is checked against the
/// store once more before the store's value is forced (credits keep flowing while this runs).
/// </summary>
public sealed class Reconciler(IScoreStore store, PostgresBoard board, RedisRankIndex index, ILogger<Reconciler> logger)
{
    private const int ProgressEvery = 10_000;

    public async Task<ReconcileReport> RunAsync(CancellationToken cancellationToken)
    {
        var truth = new Dictionary<string, Standing>(StringComparer.Ordinal);
        await foreach (var standing in store.ReadStandingsAsync(cancellationToken))
        {
            truth[standing.UserId] = standing;
        }

        var stale = new List<Standing>();
        var recheck = new List<string>();
        var unknown = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var indexed in index.ReadAllAsync(cancellationToken))
        {
            seen.Add(indexed.UserId);
            if (!truth.TryGetValue(indexed.UserId, out var expected))
            {
                unknown.Add(indexed.UserId);
            }
            else if (indexed.ReachedAt < expected.ReachedAt)
            {
                stale.Add(expected);
            }
            else if (indexed != expected)
            {
                recheck.Add(indexed.UserId);
            }

            if (seen.Count % ProgressEvery == 0)
            {
                Log.IndexRebuildProgress(logger, seen.Count);
            }
        }

        stale.AddRange(truth.Values.Where(s => !seen.Contains(s.UserId)));
        long repaired = 0;
        foreach (var chunk in stale.Chunk(500))
        {
            repaired += await index.SetAsync(chunk, force: false);
        }

        foreach (var userId in recheck)
        {
            if (await board.FindAsync(userId, cancellationToken) is { } now)
            {
                repaired += await index.SetAsync([now.Standing], force: true);
            }
        }

        var removed = unknown.Count == 0 ? 0 : await index.RemoveAsync(unknown);
        await index.RebuildAsync(AsyncEnumerable.Empty<Standing>(), cancellationToken);
        Log.Reconciled(logger, truth.Count, repaired, removed);
        return new ReconcileReport(truth.Count, repaired, removed);
    }
}
