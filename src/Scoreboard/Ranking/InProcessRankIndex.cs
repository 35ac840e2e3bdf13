using Scoreboard.Scoring;

namespace Scoreboard.Ranking;

/// <summary>The embedded mode's rank index: an order-statistic tree plus a map from user id to current standing.</summary>
/// <param name="metrics">Counts reads (always hits: the whole board is in memory); null in tests and benchmarks.</param>
public sealed class InProcessRankIndex(Diagnostics.ScoreboardMetrics? metrics = null) : IRankIndex
{
    private readonly Lock _gate = new();
    private OrderStatisticTree<Standing> _tree = new(TieRule.Instance);
    private Dictionary<string, Standing> _byUser = new(StringComparer.Ordinal);

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

        var sorted = byUser.Values.ToArray();
        Array.Sort(sorted, TieRule.Instance);
        var tree = new OrderStatisticTree<Standing>(TieRule.Instance);
        tree.Build(sorted);

        lock (_gate)
        {
            (_tree, _byUser) = (tree, byUser);
        }
    }

    public ValueTask ApplyAsync(IReadOnlyList<Standing> standings, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            foreach (var standing in standings)
            {
                Set(standing);
            }
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask<IReadOnlyList<RankedStanding>> TopAsync(int offset, int limit, CancellationToken cancellationToken)
    {
        metrics?.Read(hit: true);
        lock (_gate)
        {
            return ValueTask.FromResult(Ranked(offset, limit));
        }
    }

    public ValueTask<RankedStanding?> FindAsync(string userId, CancellationToken cancellationToken)
    {
        metrics?.Read(hit: true);
        lock (_gate)
        {
            RankedStanding? found = _byUser.TryGetValue(userId, out var standing)
                ? new RankedStanding(_tree.IndexOf(standing) + 1, standing)
                : null;
            return ValueTask.FromResult(found);
        }
    }

    public ValueTask<IReadOnlyList<RankedStanding>> AroundAsync(string userId, int radius, CancellationToken cancellationToken)
    {
        metrics?.Read(hit: true);
        lock (_gate)
        {
            if (!_byUser.TryGetValue(userId, out var standing))
            {
                return ValueTask.FromResult<IReadOnlyList<RankedStanding>>([]);
            }

            var index = _tree.IndexOf(standing);
            var start = Math.Max(0, index - radius);
            return ValueTask.FromResult(Ranked(start, index - start + radius + 1));
        }
    }

    public ValueTask<long> CountAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return ValueTask.FromResult<long>(_tree.Count);
        }
    }

    public ValueTask RemoveUserAsync(string userId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_byUser.Remove(userId, out var standing))
            {
                _tree.Remove(standing);
            }
        }

        return ValueTask.CompletedTask;
    }

    private IReadOnlyList<RankedStanding> Ranked(int offset, int limit)
    {
        var items = _tree.Range(offset, limit);
        var ranked = new RankedStanding[items.Count];
        for (var i = 0; i < items.Count; i++)
        {
            ranked[i] = new RankedStanding(offset + i + 1, items[i]);
        }

        return ranked;
    }

    private void Set(Standing standing)
    {
        if (_byUser.TryGetValue(standing.UserId, out var previous))
        {
            // A late, older standing (a replayed update) must not move a user backwards.
            if (previous.ReachedAt > standing.ReachedAt)
            {
                return;
            }

            _tree.Remove(previous);
        }

        _byUser[standing.UserId] = standing;
        _tree.Add(standing);
    }
}
