using Npgsql;
using Scoreboard.Scoring;

namespace Scoreboard.Storage.Postgres;

/// <summary>Compensating events, as in SQLite: a reversal adds to the ledger and never edits it.</summary>
public sealed partial class PostgresScoreStore
{
    public async Task<ReversalOutcome> ReverseCreditsAsync(
        string userId, string caller, string reason, ReversalChoice choice, Scoring.Boards.BoardSet boards, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var nowMs = now.ToUnixTimeMilliseconds();

        // The users row is the per-user lock every credit batch takes: no credit of this user interleaves.
        await using (var lockUser = new NpgsqlCommand("SELECT 1 FROM users WHERE id = $1 FOR UPDATE", connection, transaction))
        {
            lockUser.Parameters.AddWithValue(userId);
            if (await lockUser.ExecuteScalarAsync(cancellationToken) is null)
            {
                return new ReversalOutcome([], null);
            }
        }

        var toReverse = new List<(long Id, string Type, long Points, long Moved)>();
        await using (var select = new NpgsqlCommand("""
            SELECT e.id, e.action_type, e.points, e.score_after - e.score_before FROM score_events e
            WHERE e.user_id = $1 AND e.points > 0
              AND NOT EXISTS (SELECT 1 FROM score_events r WHERE r.reverses_event_id = e.id)
              AND ($2 OR e.id = ANY($3) OR e.created_at >= $4)
            ORDER BY e.id
            """, connection, transaction))
        {
            select.Parameters.AddWithValue(userId);
            select.Parameters.AddWithValue(choice.IsAll);
            select.Parameters.AddWithValue(choice.Ids);
            select.Parameters.AddWithValue(choice.SinceMs);
            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                toReverse.Add((reader.GetInt64(0), reader.GetString(1), reader.GetInt64(2), reader.GetInt64(3)));
            }
        }

        if (toReverse.Count == 0)
        {
            return new ReversalOutcome([], await ReadStandingAsync(connection, transaction, userId, cancellationToken));
        }

        await using var current = new NpgsqlCommand("SELECT score FROM user_scores WHERE user_id = $1", connection, transaction);
        current.Parameters.AddWithValue(userId);
        var score = (long)(await current.ExecuteScalarAsync(cancellationToken))!;
        var written = new List<ScoreEvent>();
        foreach (var (id, type, points, moved) in toReverse)
        {
            var actionId = $"reversal:{id}";
            // A type global does not count never moved the total (before = after): reversing it leaves the total too.
            var after = score - moved;
            await using var insert = new NpgsqlCommand("""
                INSERT INTO score_events (caller_scope, action_id, reverses_event_id, user_id, action_type, points,
                                          score_before, score_after, reason, source, caller, created_at)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'admin', $10, $11) RETURNING id
                """, connection, transaction);
            foreach (var value in new object[] { CallerScopes.Admin, actionId, id, userId, type, -points, score, after, reason, caller, nowMs })
            {
                insert.Parameters.AddWithValue(value);
            }

            var eventId = (long)(await insert.ExecuteScalarAsync(cancellationToken))!;
            written.Add(new ScoreEvent(eventId, actionId, userId, type, -points, score, after, reason, "admin", caller, null, null, null, now));
            score = after;
        }

        // The new total reaches Redis through the outbox, like any credit's.
        var last = written[^1].Id;
        await using (var update = new NpgsqlCommand(
            "UPDATE user_scores SET score = $1, reached_at = $2, last_updated = $3 WHERE user_id = $4", connection, transaction))
        {
            update.Parameters.AddWithValue(score);
            update.Parameters.AddWithValue(last);
            update.Parameters.AddWithValue(nowMs);
            update.Parameters.AddWithValue(userId);
            await update.ExecuteNonQueryAsync(cancellationToken);
        }

        // Every credit of the user is now reversed, so no board keeps a standing of theirs (their remaining events sum to 0).
        // After a partial reversal, the standings are rebuilt from the credits left.
        await using (var cleared = new NpgsqlCommand("DELETE FROM board_standings WHERE user_id = $1", connection, transaction))
        {
            cleared.Parameters.AddWithValue(userId);
            await cleared.ExecuteNonQueryAsync(cancellationToken);
        }

        var rebuilt = choice.IsAll ? null : await RebuildBoardsAsync(connection, transaction, userId, boards, cancellationToken);

        await using (var outbox = new NpgsqlCommand("""
            INSERT INTO rank_outbox AS o (user_id, event_id, queued_at) VALUES ($1, $2, $3)
            ON CONFLICT (user_id) DO UPDATE SET event_id = excluded.event_id, queued_at = excluded.queued_at
            """, connection, transaction))
        {
            outbox.Parameters.AddWithValue(userId);
            outbox.Parameters.AddWithValue(last);
            outbox.Parameters.AddWithValue(nowMs);
            await outbox.ExecuteNonQueryAsync(cancellationToken);
        }

        var standing = await ReadStandingAsync(connection, transaction, userId, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new ReversalOutcome(written, standing, rebuilt);
    }

    private static async Task<Standing?> ReadStandingAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string userId, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand($"{LedgerRows.SelectStanding} WHERE s.user_id = $1", connection, transaction);
        command.Parameters.AddWithValue(userId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? LedgerRows.Standing(reader) : null;
    }
}
