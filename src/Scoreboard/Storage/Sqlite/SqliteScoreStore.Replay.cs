using Microsoft.Data.Sqlite;
using Scoreboard.Scoring.Boards;

namespace Scoreboard.Storage.Sqlite;

/// <summary>A partial reversal's boards: the user's standings rebuilt from the credits still standing.</summary>
public sealed partial class SqliteScoreStore
{
    private async Task<IReadOnlyList<BoardStanding>> RebuildBoardsAsync(
        SqliteTransaction transaction, string userId, BoardSet boards, CancellationToken cancellationToken)
    {
        var credits = new List<LedgerCredit>();
        await using (var select = Command(transaction, """
            SELECT e.id, e.caller_scope, e.action_type, e.points, e.created_at FROM score_events e
            WHERE e.user_id = $user AND e.points > 0 AND e.reverses_event_id IS NULL
              AND NOT EXISTS (SELECT 1 FROM score_events r WHERE r.reverses_event_id = e.id)
            ORDER BY e.id
            """, ("$user", userId)))
        await using (var reader = await select.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                credits.Add(new LedgerCredit(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetInt64(3),
                    DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(4))));
            }
        }

        var standings = BoardReplay.Standings(userId, credits, boards);
        foreach (var s in standings)
        {
            await using var insert = Command(transaction, """
                INSERT INTO board_standings (board_id, period_key, user_id, score, action_count, reached_at, last_updated)
                VALUES ($board, $period, $user, $score, $count, $reached, $updated)
                """, ("$board", s.Board.BoardId), ("$period", s.Board.PeriodKey), ("$user", userId), ("$score", s.Score), ("$count", s.Count),
                ("$reached", s.ReachedAt), ("$updated", s.UpdatedAt.ToUnixTimeMilliseconds()));
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        return standings;
    }
}
