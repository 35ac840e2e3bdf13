using System.Data.Common;
using Scoreboard.IntegrationTests.Infrastructure;

namespace Scoreboard.IntegrationTests.Privacy;

/// <summary>What an auditor checks with SQL after an erasure: every table, every column, and the ledger's sums.</summary>
public static class StoreScan
{
    /// <summary>"table.column" for every value in the store that contains <paramref name="needle"/> (ids here are letters, digits and _).</summary>
    public static async Task<List<string>> WhereFoundAsync(string databasePath, string needle)
    {
        await using var connection = await Ledger.OpenAsync(databasePath);
        var columns = await RowsAsync(connection, DistributedBackend.IsSelected
            ? "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = current_schema()"
            : "SELECT m.name, p.name FROM sqlite_master m JOIN pragma_table_info(m.name) p WHERE m.type = 'table'",
            r => (Table: r.GetString(0), Column: r.GetString(1)));
        Assert.True(columns.Count > 30, $"only {columns.Count} columns found");
        var found = new List<string>();
        foreach (var (table, column) in columns)
        {
            var cast = DistributedBackend.IsSelected ? $"\"{column}\"::text" : $"CAST(\"{column}\" AS TEXT)";
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
    public static async Task AssertTotalsEqualEventsAsync(string databasePath)
    {
        var events = await Ledger.EventsAsync(databasePath);
        var totals = await Ledger.TotalsAsync(databasePath);
        foreach (var user in events.GroupBy(e => e.UserId))
        {
            if (totals.TryGetValue(user.Key, out var total))
            {
                Assert.Equal(total, user.Sum(e => e.Points));
            }
            else
            {
                Assert.StartsWith("erased-", user.Key, StringComparison.Ordinal);
            }

            // A pseudonym may hold several lives of one id (erased, credited again, erased again): each starts at zero.
            long running = 0;
            foreach (var e in user)
            {
                Assert.True(e.ScoreBefore == running || (e.ScoreBefore == 0 && user.Key.StartsWith("erased-", StringComparison.Ordinal)),
                    $"{user.Key}: {e.ActionId} starts at {e.ScoreBefore}, after {running}");
                running = e.ScoreBefore + e.Points;
                Assert.Equal(running, e.ScoreAfter);
            }
        }

        Assert.All(totals.Keys, user => Assert.Contains(events, e => e.UserId == user));
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
