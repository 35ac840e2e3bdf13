using System.Data.Common;
using Scoreboard.Scoring;

namespace Scoreboard.Storage;

/// <summary>
/// The rows both stores read, with the same columns in the same order (the schemas mirror each other), through
/// ADO.NET's common reader so SQLite and PostgreSQL share one definition of each.
/// </summary>
internal static class LedgerRows
{
    public const string SelectEvent = """
        SELECT id, action_id, user_id, action_type, points, score_before, score_after, reason,
               source, caller, ip, user_agent, request_hash, created_at
        FROM score_events
        """;

    /// <summary>A row when the action id was applied in the scope ($1 scope, $2 action id): the unique index answers it.</summary>
    public const string SelectApplied = "SELECT 1 FROM score_events WHERE caller_scope = $1 AND action_id = $2";

    public const string SelectStanding = """
        SELECT s.user_id, u.username, s.score, s.reached_at, s.last_updated
        FROM user_scores s JOIN users u ON u.id = s.user_id
        """;

    public const string SelectServiceKeys = "SELECT name, key_hash, action_types FROM service_keys ORDER BY name";

    public const string SelectFlag =
        "SELECT id, user_id, reason, coalesce(details, '{}'), status, created_at, resolved_by, resolved_at FROM suspicious_activity";

    public static Standing Standing(DbDataReader reader, int first = 0) => new(
        reader.GetString(first),
        Text(reader, first + 1),
        reader.GetInt64(first + 2),
        reader.GetInt64(first + 3),
        Time(reader, first + 4));

    public static ScoreEvent Event(DbDataReader reader) => new(
        reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
        reader.GetInt64(4), reader.GetInt64(5), reader.GetInt64(6), Text(reader, 7),
        reader.GetString(8), reader.GetString(9), Text(reader, 10), Text(reader, 11), Text(reader, 12),
        Time(reader, 13));

    public static StoredServiceKey ServiceKey(DbDataReader reader) =>
        new(reader.GetString(0), reader.GetString(1), reader.GetString(2).Split(',', StringSplitOptions.RemoveEmptyEntries));

    public static SuspicionFlag Flag(DbDataReader reader) => new(
        reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4),
        Time(reader, 5), Text(reader, 6), reader.IsDBNull(7) ? null : Time(reader, 7));

    /// <summary>Every row of <paramref name="command"/>'s result, read by <paramref name="row"/>.</summary>
    public static async Task<List<T>> ReadAllAsync<T>(DbCommand command, Func<DbDataReader, T> row, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<T>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(row(reader));
        }

        return rows;
    }

    private static string? Text(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private static DateTimeOffset Time(DbDataReader reader, int ordinal) => DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(ordinal));
}
