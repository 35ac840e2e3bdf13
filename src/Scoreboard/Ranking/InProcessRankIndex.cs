using Scoreboard.Scoring;

namespace Scoreboard.Ranking;

/// <summary>The embedded mode's rank index: one <see cref="StandingRanking"/> (order-statistic tree plus each user's standing), swapped whole on a rebuild.</summary>
/// <param name="metrics">Counts reads (always hits: the whole board is in memory); null in tests and benchmarks.</param>
public sealed class InProcessRankIndex(Diagnostics.ScoreboardMetrics? metrics = null) : IRankIndex
{
    private readonly Lock _gate = new();
    private StandingRanking _ranking = new(TieRule.Instance);

    public async ValueTask RebuildAsync(IAsyncEnumerable<Standing> standings, CancellationToken cancellationToken)
    {
        // Build aside and swap, so readers see the old board until the new one is complete.
        var byUser = new Dictionary<string, Standing>(StringComparer.Ordinal);
        await foreach (var standing in standings.WithCancellation(cancellationToken))
        {
            if (!byUser.TryGetValue(standing.UserId, out var seen) || seen.ReachedAt < standing.ReachedAt)
            {
                byUser[standing.UserId] = standing;
            }
        }

        var ranking = StandingRanking.Of(byUser, TieRule.Instance);
        lock (_gate)
        {
            _ranking = ranking;
        }
    }

    public ValueTask ApplyAsync(IReadOnlyList<Standing> standings, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            foreach (var standing in standings)
            {
                _ranking.Set(standing);
            }
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask<IReadOnlyList<RankedStanding>> TopAsync(int offset, int limit, CancellationToken cancellationToken)
    {
        metrics?.Read(hit: true);
        lock (_gate)
        {
            return ValueTask.FromResult(_ranking.Ranked(offset, limit));
        }
    }

    public ValueTask<RankedStanding?> FindAsync(string userId, CancellationToken cancellationToken)
    {
        metrics?.Read(hit: true);
        lock (_gate)
        {
            return ValueTask.FromResult(_ranking.Find(userId));
        }
    }

    public ValueTask<IReadOnlyList<RankedStanding>> AroundAsync(string userId, int radius, CancellationToken cancellationToken)
    {
        metrics?.Read(hit: true);
        lock (_gate)
        {
            return ValueTask.FromResult(_ranking.Around(userId, radius));
        }
    }

    public ValueTask<long> CountAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return ValueTask.FromResult<long>(_ranking.Count);
        }
    }

    public ValueTask RemoveUserAsync(string userId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _ranking.Remove(userId);
        }

        return ValueTask.CompletedTask;
    }
}
