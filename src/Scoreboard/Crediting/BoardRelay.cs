using Npgsql;
using Scoreboard.Live;
using Scoreboard.Ranking.Redis;
using Scoreboard.Scoring;
using Scoreboard.Scoring.Boards;
using Scoreboard.Storage;

namespace Scoreboard.Crediting;

/// <summary>
/// The outbox of the boards other than <c>global</c>, riding on global's. Every credit leaves a <c>rank_outbox</c> row
/// for its user in its own transaction, so when <see cref="OutboxRelay"/> drains a user's row it also writes that user's
/// standings in each board's current and previous period to Redis again: versioned, so a no-op when the writer's update
/// arrived. A crash between commit and the writer's Redis update thus heals within a relay interval, and a credit costs
/// no second outbox row per board. A credit lands in its board's current period; the previous one covers a rollover
/// between commit and relay. Older periods are the rebuild's and <c>reconcile</c>'s.
/// </summary>
public sealed class BoardRelay(RedisBoardRanks ranks, BoardRegistry registry, TimeProvider clock)
{
    private static readonly string[] Recent = ["current", "previous"];

    /// <summary>Rewrites the users' recent board standings; returns those Redis did not hold yet, to announce.</summary>
    public async Task<IReadOnlyList<BoardTouch>> RelayAsync(NpgsqlConnection connection, IReadOnlyList<string> users, CancellationToken cancellationToken)
    {
        var boards = registry.Current;
        var now = clock.GetUtcNow();
        var periods = boards.Boards.Where(b => b.Id != BoardDefinition.GlobalId)
            .SelectMany(b => Recent.Select(p => BoardPeriods.Resolve(b, p, now, boards.SeasonsOf(b.Id)))
                .Where(r => r.Lookup == PeriodLookup.Found).Select(r => new BoardPeriod(b.Id, r.Window!.Key)))
            .Distinct().ToList();
        if (periods.Count == 0 || users.Count == 0)
        {
            return [];
        }

        var standings = new List<Standing>();
        var at = new List<BoardPeriod>();
        await using var read = new NpgsqlCommand("""
            SELECT b.board_id, b.period_key, b.user_id, u.username, b.score, b.reached_at, b.last_updated
            FROM board_standings b JOIN unnest($1::text[], $2::text[]) AS p(board, period) ON b.board_id = p.board AND b.period_key = p.period
            LEFT JOIN users u ON u.id = b.user_id
            WHERE b.user_id = ANY($3)
            """, connection);
        read.Parameters.AddWithValue(periods.Select(p => p.BoardId).ToArray());
        read.Parameters.AddWithValue(periods.Select(p => p.PeriodKey).ToArray());
        read.Parameters.AddWithValue(users.ToArray());
        await using (var reader = await read.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                at.Add(new BoardPeriod(reader.GetString(0), reader.GetString(1)));
                standings.Add(LedgerRows.Standing(reader, 2));
            }
        }

        var changed = await ranks.ApplyChangedAsync(standings, at, boards);
        return [.. changed.Select(c => new BoardTouch(c.Board.BoardId, c.Board.PeriodKey, c.Standing))];
    }
}
