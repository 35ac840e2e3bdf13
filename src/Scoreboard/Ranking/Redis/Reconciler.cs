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
/// Runs at every start-up and as the <c>reconcile</c> command.
/// </summary>
public sealed class Reconciler(IScoreStore store, PostgresBoard board, RedisRankIndex index, ILogger<Reconciler> logger)
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

        var stale = new List<Standing>();
        var recheck = new List<Standing>();
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
            if (await board.FindAsync(indexed.UserId, cancellationToken) is { } now && now.Standing != indexed)
            {
                repaired += await index.ForceAsync([(now.Standing, indexed)]);
            }
        }

        // A user the store does not know was never credited there (Redis outlived a store reset): not on this board.
        var removed = unknown.Count == 0 ? 0 : await index.RemoveAsync(unknown);
        await index.MarkReadyAsync();
        Log.Reconciled(logger, truth.Count, repaired, removed);
        return new ReconcileReport(truth.Count, repaired, removed);
    }
}
