using Microsoft.Data.Sqlite;
using Scoreboard.Scoring;

namespace Scoreboard.Storage.Sqlite;

/// <summary>Compensating events: a reversal never deletes or edits the ledger, it adds to it.</summary>
public sealed partial class SqliteScoreStore
{
    public async Task<ReversalOutcome> ReverseCreditsAsync(
        string userId, string caller, string reason, ReversalChoice choice, Scoring.Boards.BoardSet boards, CancellationToken cancellationToken)
    {
        await _writerGate.WaitAsync(cancellationToken);
        try
        {
            using var transaction = _writer!.BeginTransaction();
            var now = _clock.GetUtcNow();
            var nowMs = now.ToUnixTimeMilliseconds();
            var toReverse = new List<(long Id, string Type, long Points, long Moved)>();
            await using (var select = Command(transaction, """
                SELECT e.id, e.action_type, e.points, e.score_after - e.score_before FROM score_events e
                WHERE e.user_id = $user AND e.points > 0
                  AND NOT EXISTS (SELECT 1 FROM score_events r WHERE r.reverses_event_id = e.id)
                  AND ($all = 1 OR e.id IN (SELECT value FROM json_each($ids)) OR e.created_at >= $since)
                ORDER BY e.id
                """, ("$user", userId), ("$all", choice.IsAll ? 1 : 0), ("$ids", choice.IdsJson), ("$since", choice.SinceMs)))
            await using (var reader = await select.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    toReverse.Add((reader.GetInt64(0), reader.GetString(1), reader.GetInt64(2), reader.GetInt64(3)));
                }
            }

            if (toReverse.Count == 0)
            {
                return new ReversalOutcome([], await ReadStandingAsync(transaction, userId, cancellationToken));
            }

            var score = (long)(await Command(transaction, "SELECT score FROM user_scores WHERE user_id = $user", ("$user", userId))
                .ExecuteScalarAsync(cancellationToken))!;
            var written = new List<ScoreEvent>();
            foreach (var (id, type, points, moved) in toReverse)
            {
                var actionId = $"reversal:{id}";
                // A type global does not count never moved the total (before = after): reversing it leaves the total too.
                var after = score - moved;
                await using var insert = Command(transaction, """
                    INSERT INTO score_events (caller_scope, action_id, reverses_event_id, user_id, action_type, points,
                                              score_before, score_after, reason, source, caller, created_at)
                    VALUES ($scope, $action, $reversed, $user, $type, $points, $before, $after, $reason, 'admin', $caller, $now) RETURNING id
                    """, ("$scope", CallerScopes.Admin), ("$action", actionId), ("$reversed", id), ("$user", userId), ("$type", type), ("$points", -points), ("$before", score),
                    ("$after", after), ("$reason", reason), ("$caller", caller), ("$now", nowMs));
                var eventId = (long)(await insert.ExecuteScalarAsync(cancellationToken))!;
                written.Add(new ScoreEvent(eventId, actionId, userId, type, -points, score, after, reason, "admin", caller, null, null, null, now));
                score = after;
            }

            await using (var update = Command(transaction,
                "UPDATE user_scores SET score = $score, reached_at = $event, last_updated = $now WHERE user_id = $user",
                ("$score", score), ("$event", written[^1].Id), ("$now", nowMs), ("$user", userId)))
            {
                await update.ExecuteNonQueryAsync(cancellationToken);
            }

            // Every credit of the user is now reversed, so no board keeps a standing of theirs (their remaining events sum to 0).
            // After a partial reversal, the standings are rebuilt from the credits left.
            await using (var cleared = Command(transaction, "DELETE FROM board_standings WHERE user_id = $user", ("$user", userId)))
            {
                await cleared.ExecuteNonQueryAsync(cancellationToken);
            }

            var rebuilt = choice.IsAll ? null : await RebuildBoardsAsync(transaction, userId, boards, cancellationToken);
            var standing = await ReadStandingAsync(transaction, userId, cancellationToken);
            transaction.Commit();
            return new ReversalOutcome(written, standing, rebuilt);
        }
        finally
        {
            _writerGate.Release();
        }
    }

    private async Task<Standing?> ReadStandingAsync(SqliteTransaction transaction, string userId, CancellationToken cancellationToken)
    {
        await using var command = Command(transaction, $"{LedgerRows.SelectStanding} WHERE s.user_id = $user", ("$user", userId));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? LedgerRows.Standing(reader) : null;
    }

    private SqliteCommand Command(SqliteTransaction transaction, string sql, params (string Name, object Value)[] parameters)
    {
        var command = _writer!.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return command;
    }
}
