using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Scoreboard.IntegrationTests.Infrastructure;

/// <summary>
/// Reads the store directly, as an operator with sqlite3 (or psql) would, to check the server's claims. In the suite's
/// distributed pass the same SQL runs against the PostgreSQL database that belongs to the server's data folder.
/// </summary>
public static class Ledger
{
    public sealed record Event(string ActionId, string UserId, string ActionType, long Points, long ScoreBefore, long ScoreAfter,
        string Source, string Caller, string? Ip, string? UserAgent, string? Reason);

    public static async Task<List<Event>> EventsAsync(string databasePath)
    {
        await using var connection = await OpenAsync(databasePath);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT action_id, user_id, action_type, points, score_before, score_after, source, caller, ip, user_agent, reason
            FROM score_events ORDER BY id
            """;
        await using var reader = await command.ExecuteReaderAsync();
        var events = new List<Event>();
        while (await reader.ReadAsync())
        {
            events.Add(new Event(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetInt64(3), reader.GetInt64(4),
                reader.GetInt64(5), reader.GetString(6), reader.GetString(7), Nullable(reader, 8), Nullable(reader, 9), Nullable(reader, 10)));
        }

        return events;
    }

    public static async Task<Dictionary<string, long>> TotalsAsync(string databasePath)
    {
        await using var connection = await OpenAsync(databasePath);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT user_id, score FROM user_scores";
        await using var reader = await command.ExecuteReaderAsync();
        var totals = new Dictionary<string, long>();
        while (await reader.ReadAsync())
        {
            totals[reader.GetString(0)] = reader.GetInt64(1);
        }

        return totals;
    }

    /// <summary>The display name the store keeps for a user, exactly as stored.</summary>
    public static async Task<string?> UsernameAsync(string databasePath, string userId)
    {
        await using var connection = await OpenAsync(databasePath);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT username FROM users WHERE id = @id";
        var id = command.CreateParameter();
        id.ParameterName = "id";
        id.Value = userId;
        command.Parameters.Add(id);
        return await command.ExecuteScalarAsync() as string;
    }

    /// <summary>Asserts the ledger's invariant: every total is the sum of the user's events, and each event chains on the last.</summary>
    public static async Task AssertTotalsMatchEventsAsync(string databasePath)
    {
        var events = await EventsAsync(databasePath);
        var totals = await TotalsAsync(databasePath);
        Assert.Equal(totals.Keys.Order(), events.Select(e => e.UserId).Distinct().Order());
        foreach (var user in events.GroupBy(e => e.UserId))
        {
            Assert.Equal(user.Sum(e => e.Points), totals[user.Key]);
            long running = 0;
            foreach (var e in user)
            {
                Assert.Equal(running, e.ScoreBefore);
                running += e.Points;
                Assert.Equal(running, e.ScoreAfter);
            }
        }
    }

    public static async Task ExecuteAsync(string databasePath, string sql)
    {
        await using var connection = await OpenAsync(databasePath);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>A connection to the server's store: its SQLite file, or its PostgreSQL database in the distributed pass.</summary>
    public static async Task<DbConnection> OpenAsync(string databasePath)
    {
        if (DistributedBackend.IsSelected)
        {
            return await DistributedBackend.OpenStoreAsync(Path.GetDirectoryName(databasePath)!);
        }

        // No pooling: a pooled handle would keep the file open after the test deletes its folder.
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = databasePath, Pooling = false }.ToString());
        await connection.OpenAsync();
        return connection;
    }

    private static string? Nullable(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}
