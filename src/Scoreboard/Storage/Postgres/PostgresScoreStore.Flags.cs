using Npgsql;

namespace Scoreboard.Storage.Postgres;

/// <summary>The <c>suspicious_activity</c> table in PostgreSQL, shared by every instance.</summary>
public sealed partial class PostgresScoreStore : IFlagStore
{
    public async Task<SuspicionFlag> AddFlagAsync(string userId, string reason, string details, CancellationToken cancellationToken)
    {
        var created = clock.GetUtcNow().ToUnixTimeMilliseconds();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            "INSERT INTO suspicious_activity (user_id, reason, details, created_at) VALUES ($1, $2, $3, $4) RETURNING id", connection, transaction);
        command.Parameters.AddWithValue(userId);
        command.Parameters.AddWithValue(reason);
        command.Parameters.AddWithValue(details);
        command.Parameters.AddWithValue(created);
        var id = (long)(await command.ExecuteScalarAsync(cancellationToken))!;
        var flag = new SuspicionFlag(id, userId, reason, details, FlagStatus.Open, DateTimeOffset.FromUnixTimeMilliseconds(created), null, null);
        // The webhook event commits with the flag or not at all.
        await Webhooks.FlagEvents.EnqueueAsync(transaction, flag, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return flag;
    }

    public async Task<IReadOnlyList<SuspicionFlag>> ReadFlagsAsync(string? status, int limit, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"{LedgerRows.SelectFlag} WHERE $1::text IS NULL OR status = $1 ORDER BY id DESC LIMIT $2");
        command.Parameters.AddWithValue((object?)status ?? DBNull.Value);
        command.Parameters.AddWithValue(limit);
        return await LedgerRows.ReadAllAsync(command, LedgerRows.Flag, cancellationToken);
    }

    public async Task<SuspicionFlag?> ResolveFlagAsync(long id, string status, string resolvedBy, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            $"WITH updated AS (UPDATE suspicious_activity SET status = $1, resolved_by = $2, resolved_at = $3 WHERE id = $4 RETURNING *) " +
            $"SELECT id, user_id, reason, coalesce(details, '{{}}'), status, created_at, resolved_by, resolved_at FROM updated");
        command.Parameters.AddWithValue(status);
        command.Parameters.AddWithValue(resolvedBy);
        command.Parameters.AddWithValue(clock.GetUtcNow().ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue(id);
        return (await LedgerRows.ReadAllAsync(command, LedgerRows.Flag, cancellationToken)).FirstOrDefault();
    }

    public async Task<IReadOnlyList<string>> ReadHeldUsersAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT DISTINCT user_id FROM suspicious_activity WHERE status IN ('open', 'confirmed')");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var users = new List<string>();
        while (await reader.ReadAsync(cancellationToken))
        {
            users.Add(reader.GetString(0));
        }

        return users;
    }

    public async Task<long> ReadFlagRevisionAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT revision FROM flag_revision WHERE id = 1");
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }
}
