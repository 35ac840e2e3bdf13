using System.Data.Common;
using Npgsql;
using Scoreboard.IntegrationTests.Infrastructure;

namespace Scoreboard.IntegrationTests.Privacy;

/// <summary>What an auditor checks with SQL after an erasure: every table, every column, and the ledger's sums.</summary>
public static class StoreScan
{
    /// <summary>The store of the server on <paramref name="databasePath"/> (its PostgreSQL database in the distributed pass).</summary>
    public static Func<Task<DbConnection>> Of(string databasePath) => () => Ledger.OpenAsync(databasePath);

    /// <summary>A PostgreSQL database named by its connection string.</summary>
    public static Func<Task<DbConnection>> OfPostgres(string? connectionString) => async () =>
    {
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        return connection;
    };

    /// <summary>"table.column" for every value in the store that contains <paramref name="needle"/> (ids here are letters, digits and _).</summary>
    public static async Task<List<string>> WhereFoundAsync(Func<Task<DbConnection>> open, string needle)
    {
        await using var connection = await open();
        var postgres = connection is NpgsqlConnection;
        var columns = await RowsAsync(connection, postgres
            ? "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = current_schema()"
            : "SELECT m.name, p.name FROM sqlite_master m JOIN pragma_table_info(m.name) p WHERE m.type = 'table'",
            r => (Table: r.GetString(0), Column: r.GetString(1)));
        Assert.True(columns.Count > 30, $"only {columns.Count} columns found");
        var found = new List<string>();
        foreach (var (table, column) in columns)
        {
            var cast = postgres ? $"\"{column}\"::text" : $"CAST(\"{column}\" AS TEXT)";
            var hits = await RowsAsync(connection, $"SELECT count(*) FROM \"{table}\" WHERE {cast} LIKE '%{needle}%'", r => r.GetInt64(0));
            if (hits[0] > 0)
            {
                found.Add($"{table}.{column}");
            }
        }

        return found;
    }

    /// <summary>
    /// Every total equals the sum of its user's events and each event chains on the last; every other user in the
    /// ledger is an erased one's pseudonym, whose rows still chain.
    /// </summary>
    public static async Task AssertTotalsEqualEventsAsync(Func<Task<DbConnection>> open)
    {
        await using var connection = await open();
        var events = await RowsAsync(connection, "SELECT user_id, points, score_before, score_after FROM score_events ORDER BY id",
            r => (User: r.GetString(0), Points: r.GetInt64(1), Before: r.GetInt64(2), After: r.GetInt64(3)));
        var totals = (await RowsAsync(connection, "SELECT user_id, score FROM user_scores", r => (r.GetString(0), r.GetInt64(1)))).ToDictionary();
        foreach (var user in events.GroupBy(e => e.User))
        {
            var erased = user.Key.StartsWith("erased-", StringComparison.Ordinal);
            if (totals.TryGetValue(user.Key, out var total))
            {
                Assert.Equal(total, user.Sum(e => e.Points));
            }
            else
            {
                Assert.True(erased, $"{user.Key} has events and no total");
            }

            // A pseudonym may hold several lives of one id (erased, credited again, erased again): each starts at zero.
            long running = 0;
            foreach (var e in user)
            {
                Assert.True(e.Before == running || (erased && e.Before == 0), $"{user.Key}: an event starts at {e.Before}, after {running}");
                running = e.Before + e.Points;
                Assert.Equal(running, e.After);
            }
        }

        Assert.All(totals.Keys, user => Assert.Contains(events, e => e.User == user));
    }

    public static async Task<List<T>> QueryAsync<T>(string databasePath, string sql, Func<DbDataReader, T> row)
    {
        await using var connection = await Ledger.OpenAsync(databasePath);
        return await RowsAsync(connection, sql, row);
    }

    private static async Task<List<T>> RowsAsync<T>(DbConnection connection, string sql, Func<DbDataReader, T> row)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<T>();
        while (await reader.ReadAsync())
        {
            rows.Add(row(reader));
        }

        return rows;
    }
}
