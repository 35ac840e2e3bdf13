using Microsoft.Data.Sqlite;

namespace Scoreboard.Storage.Sqlite;

/// <summary>The <c>suspicious_activity</c> table; writes go through the single writer like credits.</summary>
public sealed partial class SqliteScoreStore : IFlagStore
{
    private const string SelectFlag = "SELECT id, user_id, reason, coalesce(details, '{}'), status, created_at, resolved_by, resolved_at FROM suspicious_activity";

    public async Task<SuspicionFlag> AddFlagAsync(string userId, string reason, string details, CancellationToken cancellationToken)
    {
        var now = _clock.GetUtcNow();
        var id = await WriteAsync(
            "INSERT INTO suspicious_activity (user_id, reason, details, created_at) VALUES ($a, $b, $c, $d) RETURNING id",
            [userId, reason, details, now.ToUnixTimeMilliseconds()], cancellationToken);
        return new SuspicionFlag((long)id!, userId, reason, details, FlagStatus.Open, DateTimeOffset.FromUnixTimeMilliseconds(now.ToUnixTimeMilliseconds()), null, null);
    }

    public async Task<IReadOnlyList<SuspicionFlag>> ReadFlagsAsync(string? status, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"{SelectFlag} WHERE $status IS NULL OR status = $status ORDER BY id DESC LIMIT $limit";
        command.Parameters.AddWithValue("$status", (object?)status ?? DBNull.Value);
        command.Parameters.AddWithValue("$limit", limit);
        return await ReadFlagsAsync(command, cancellationToken);
    }

    public async Task<SuspicionFlag?> ResolveFlagAsync(long id, string status, string resolvedBy, CancellationToken cancellationToken)
    {
        await WriteAsync("UPDATE suspicious_activity SET status = $a, resolved_by = $b, resolved_at = $c WHERE id = $d",
            [status, resolvedBy, _clock.GetUtcNow().ToUnixTimeMilliseconds(), id], cancellationToken);
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"{SelectFlag} WHERE id = $id";
        command.Parameters.AddWithValue("$id", id);
        return (await ReadFlagsAsync(command, cancellationToken)).FirstOrDefault();
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

    private static async Task<IReadOnlyList<SuspicionFlag>> ReadFlagsAsync(SqliteCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var flags = new List<SuspicionFlag>();
        while (await reader.ReadAsync(cancellationToken))
        {
            flags.Add(new SuspicionFlag(
                reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(5)),
                reader.IsDBNull(6) ? null : reader.GetString(6),
                reader.IsDBNull(7) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(7))));
        }

        return flags;
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
