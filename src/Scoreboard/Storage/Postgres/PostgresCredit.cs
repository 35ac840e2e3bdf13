using Npgsql;
using NpgsqlTypes;
using Scoreboard.Scoring;

namespace Scoreboard.Storage.Postgres;

/// <summary>
/// A batch of credits as one round trip: one <c>apply_credit</c> call per credit in a single <see cref="NpgsqlBatch"/>,
/// inside the caller's transaction. Duplicates are completed with their original events afterwards.
/// </summary>
internal static class PostgresCredit
{
    public static async Task<CreditOutcome[]> ApplyAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<Credit> credits, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // Row locks are taken in user id order in every batch of every instance, so two batches cannot deadlock
        // on each other's users. The sort is stable: one user's credits keep their order.
        var order = Enumerable.Range(0, credits.Count).OrderBy(i => credits[i].UserId, StringComparer.Ordinal).ToArray();
        var nowMs = now.ToUnixTimeMilliseconds();
        await using var batch = new NpgsqlBatch(connection, transaction);
        foreach (var i in order)
        {
            var c = credits[i];
            var command = new NpgsqlBatchCommand("SELECT * FROM apply_credit($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)");
            Add(command, c.Scope, c.ActionId, c.UserId, c.DisplayName, c.ActionType, c.Points, c.Reason, c.Source, c.Caller, c.Ip, c.UserAgent, c.RequestHash, nowMs, ScoreLimits.MaxScore);
            batch.BatchCommands.Add(command);
        }

        var outcomes = new CreditOutcome[credits.Count];
        var duplicates = new List<(int Index, long EventId)>();
        await using (var reader = await batch.ExecuteReaderAsync(cancellationToken))
        {
            foreach (var i in order)
            {
                await reader.ReadAsync(cancellationToken);
                var c = credits[i];
                switch (reader.GetInt32(0))
                {
                    case 0:
                        var eventId = reader.GetInt64(1);
                        var (before, after) = (reader.GetInt64(2), reader.GetInt64(3));
                        var applied = new ScoreEvent(eventId, c.ActionId, c.UserId, c.ActionType, c.Points, before, after,
                            c.Reason, c.Source, c.Caller, c.Ip, c.UserAgent, c.RequestHash, now);
                        var name = reader.IsDBNull(4) ? null : reader.GetString(4);
                        outcomes[i] = new CreditOutcome(CreditStatus.Applied, applied, new Standing(c.UserId, name, after, eventId, now));
                        break;
                    case 1:
                        duplicates.Add((i, reader.GetInt64(1)));
                        break;
                    default:
                        Standing? current = reader.IsDBNull(5) ? null : new Standing(c.UserId, reader.IsDBNull(4) ? null : reader.GetString(4),
                            reader.GetInt64(2), reader.GetInt64(5), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(6)));
                        outcomes[i] = new CreditOutcome(CreditStatus.WouldOverflow, null, current);
                        break;
                }

                await reader.NextResultAsync(cancellationToken);
            }
        }

        if (duplicates.Count > 0)
        {
            await CompleteDuplicatesAsync(connection, transaction, duplicates, outcomes, cancellationToken);
        }

        return outcomes;
    }

    private static async Task CompleteDuplicatesAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, List<(int Index, long EventId)> duplicates, CreditOutcome[] outcomes, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand($"""
            SELECT e.*, s.user_id, u.username, s.score, s.reached_at, s.last_updated
            FROM ({LedgerRows.SelectEvent} WHERE id = ANY($1)) e
            LEFT JOIN user_scores s ON s.user_id = e.user_id LEFT JOIN users u ON u.id = e.user_id
            """, connection, transaction);
        command.Parameters.AddWithValue(duplicates.Select(d => d.EventId).ToArray());
        var found = new Dictionary<long, CreditOutcome>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var original = LedgerRows.Event(reader);
                found[original.Id] = new CreditOutcome(CreditStatus.Duplicate, original, reader.IsDBNull(14) ? null : LedgerRows.Standing(reader, 14));
            }
        }

        foreach (var (index, eventId) in duplicates)
        {
            outcomes[index] = found[eventId];
        }
    }

    private static void Add(NpgsqlBatchCommand command, params object?[] values)
    {
        foreach (var value in values)
        {
            command.Parameters.Add(value is null ? new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = DBNull.Value } : new NpgsqlParameter { Value = value });
        }
    }
}
