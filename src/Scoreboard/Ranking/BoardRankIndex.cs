using Scoreboard.Scoring;
using Scoreboard.Scoring.Boards;

namespace Scoreboard.Ranking;

/// <summary>
/// The in-process rankings of boards: one order-statistic tree per (board, period), kept only for periods still
/// queryable (the current one and <see cref="BoardDefinition.KeepPeriods"/> ended ones), so memory stays bounded.
/// </summary>
public sealed class BoardRankIndex : IBoardRanks
{
    private readonly Lock _gate = new();
    private readonly Dictionary<BoardPeriod, StandingRanking> _rankings = [];

    public ValueTask ApplyAsync(IReadOnlyList<Standing> standings, IReadOnlyList<BoardPeriod> periods, BoardSet boards, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            for (var i = 0; i < standings.Count; i++)
            {
                if (boards.Find(periods[i].BoardId) is { } board)
                {
                    Get(periods[i], board).Set(standings[i]);
                }
            }
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>Replaces every ranking with <paramref name="standings"/> (built aside, then swapped in).</summary>
    public void Rebuild(IEnumerable<(BoardPeriod Period, Standing Standing)> standings, BoardSet boards)
    {
        var rebuilt = new Dictionary<BoardPeriod, StandingRanking>();
        foreach (var (period, standing) in standings)
        {
            if (boards.Find(period.BoardId) is { } board)
            {
                if (!rebuilt.TryGetValue(period, out var ranking))
                {
                    rebuilt[period] = ranking = new StandingRanking(BoardTieRule.For(board.Order));
                }

                ranking.Set(standing);
            }
        }

        lock (_gate)
        {
            _rankings.Clear();
            foreach (var (period, ranking) in rebuilt)
            {
                _rankings[period] = ranking;
            }
        }
    }

    public ValueTask RemoveUserAsync(string userId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            foreach (var ranking in _rankings.Values)
            {
                ranking.Remove(userId);
            }
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>Drops the rankings of boards that are gone and of periods no longer kept; the store keeps their rows.</summary>
    public int Prune(BoardSet boards, DateTimeOffset now)
    {
        lock (_gate)
        {
            var kept = new HashSet<BoardPeriod>();
            foreach (var board in boards.Boards)
            {
                kept.UnionWith(BoardPeriods.Recent(board, now, boards.SeasonsOf(board.Id)).Select(p => new BoardPeriod(board.Id, p.Key)));
            }

            var gone = _rankings.Keys.Where(k => !kept.Contains(k)).ToList();
            gone.ForEach(k => _rankings.Remove(k));
            return gone.Count;
        }
    }

    public ValueTask<IReadOnlyList<RankedStanding>> TopAsync(BoardDefinition board, string period, int offset, int limit, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return ValueTask.FromResult(_rankings.TryGetValue(new(board.Id, period), out var ranking) ? ranking.Ranked(offset, limit) : []);
        }
    }

    public ValueTask<RankedStanding?> FindAsync(BoardDefinition board, string period, string userId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return ValueTask.FromResult(_rankings.TryGetValue(new(board.Id, period), out var ranking) ? ranking.Find(userId) : null);
        }
    }

    public ValueTask<long> CountAsync(BoardDefinition board, string period, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return ValueTask.FromResult<long>(_rankings.TryGetValue(new(board.Id, period), out var ranking) ? ranking.Count : 0);
        }
    }

    private StandingRanking Get(BoardPeriod key, BoardDefinition board)
    {
        if (!_rankings.TryGetValue(key, out var ranking))
        {
            _rankings[key] = ranking = new StandingRanking(BoardTieRule.For(board.Order));
        }

        return ranking;
    }
}
