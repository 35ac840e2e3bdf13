using Npgsql;
using Scoreboard.Scoring.Boards;

namespace Scoreboard.Storage.Postgres;

/// <summary>A partial reversal's boards, as in SQLite: the user's standings rebuilt from the credits still standing.</summary>
public sealed partial class PostgresScoreStore
{
    private static async Task<IReadOnlyList<BoardStanding>> RebuildBoardsAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string userId, BoardSet boards, CancellationToken cancellationToken)
    {
        var credits = new List<LedgerCredit>();
        await using (var select = new NpgsqlCommand("""
            SELECT e.id, e.caller_scope, e.action_type, e.points, e.created_at FROM score_events e
            WHERE e.user_id = $1 AND e.points > 0 AND e.reverses_event_id IS NULL
              AND NOT EXISTS (SELECT 1 FROM score_events r WHERE r.reverses_event_id = e.id)
            ORDER BY e.id
            """, connection, transaction))
        {
            select.Parameters.AddWithValue(userId);
            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                credits.Add(new LedgerCredit(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetInt64(3),
                    DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(4))));
            }
        }

        var standings = BoardReplay.Standings(userId, credits, boards);
        await using var insert = new NpgsqlCommand("""
            INSERT INTO board_standings (board_id, period_key, user_id, score, action_count, reached_at, last_updated)
            SELECT b, p, $3, s, c, r, u FROM unnest($1::text[], $2::text[], $4::bigint[], $5::bigint[], $6::bigint[], $7::bigint[]) AS t(b, p, s, c, r, u)
            """, connection, transaction);
        foreach (var column in new object[]
        {
            standings.Select(s => s.Board.BoardId).ToArray(), standings.Select(s => s.Board.PeriodKey).ToArray(), userId,
            standings.Select(s => s.Score).ToArray(), standings.Select(s => s.Count).ToArray(), standings.Select(s => s.ReachedAt).ToArray(),
            standings.Select(s => s.UpdatedAt.ToUnixTimeMilliseconds()).ToArray(),
        })
        {
            insert.Parameters.AddWithValue(column);
        }

        await insert.ExecuteNonQueryAsync(cancellationToken);
        return standings;
    }
}
