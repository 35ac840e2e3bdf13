using Microsoft.Data.Sqlite;

namespace Scoreboard.Storage.Sqlite;

/// <summary>The <c>suspicious_activity</c> table; writes go through the single writer like credits.</summary>
public sealed partial class SqliteScoreStore : IFlagStore
{
    public async Task<SuspicionFlag> AddFlagAsync(string userId, string reason, string details, CancellationToken cancellationToken)
    {
        await _writerGate.WaitAsync(cancellationToken);
        try
        {
            var now = DateTimeOffset.FromUnixTimeMilliseconds(_clock.GetUtcNow().ToUnixTimeMilliseconds());
            using var transaction = _writer!.BeginTransaction();
            await using var command = _writer.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "INSERT INTO suspicious_activity (user_id, reason, details, created_at) VALUES ($a, $b, $c, $d) RETURNING id";
            command.Parameters.AddWithValue("$a", userId);
            command.Parameters.AddWithValue("$b", reason);
            command.Parameters.AddWithValue("$c", details);
            command.Parameters.AddWithValue("$d", now.ToUnixTimeMilliseconds());
            var flag = new SuspicionFlag((long)(await command.ExecuteScalarAsync(cancellationToken))!, userId, reason, details, FlagStatus.Open, now, null, null);
            // The webhook event commits with the flag or not at all.
            await Webhooks.FlagEvents.EnqueueAsync(transaction, flag, cancellationToken);
            transaction.Commit();
            return flag;
        }
        finally
        {
            _writerGate.Release();
        }
    }

    public async Task<IReadOnlyList<SuspicionFlag>> ReadFlagsAsync(string? status, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"{LedgerRows.SelectFlag} WHERE $status IS NULL OR status = $status ORDER BY id DESC LIMIT $limit";
        command.Parameters.AddWithValue("$status", (object?)status ?? DBNull.Value);
        command.Parameters.AddWithValue("$limit", limit);
        return await LedgerRows.ReadAllAsync(command, LedgerRows.Flag, cancellationToken);
    }

    public async Task<SuspicionFlag?> ResolveFlagAsync(long id, string status, string resolvedBy, CancellationToken cancellationToken)
    {
        await WriteAsync("UPDATE suspicious_activity SET status = $a, resolved_by = $b, resolved_at = $c WHERE id = $d",
            [status, resolvedBy, _clock.GetUtcNow().ToUnixTimeMilliseconds(), id], cancellationToken);
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"{LedgerRows.SelectFlag} WHERE id = $id";
        command.Parameters.AddWithValue("$id", id);
        return (await LedgerRows.ReadAllAsync(command, LedgerRows.Flag, cancellationToken)).FirstOrDefault();
    }

    public async Task<IReadOnlyList<string>> ReadHeldUsersAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT DISTINCT user_id FROM suspicious_activity WHERE status IN ('open', 'confirmed')";
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
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT revision FROM flag_revision WHERE id = 1";
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private async Task<object?> WriteAsync(string sql, object[] values, CancellationToken cancellationToken)
    {
        await _writerGate.WaitAsync(cancellationToken);
        try
        {
            await using var command = _writer!.CreateCommand();
            command.CommandText = sql;
            for (var i = 0; i < values.Length; i++)
            {
                command.Parameters.AddWithValue($"${(char)('a' + i)}", values[i]);
            }

            return await command.ExecuteScalarAsync(cancellationToken);
        }
        finally
        {
            _writerGate.Release();
        }
    }
}
