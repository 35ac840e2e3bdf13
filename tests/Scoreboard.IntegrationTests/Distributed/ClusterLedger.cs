using Npgsql;
using Scoreboard.Ranking.Redis;
using StackExchange.Redis;

namespace Scoreboard.IntegrationTests.Distributed;

/// <summary>
/// What the tests check after any failure, read straight from PostgreSQL and Redis: every acknowledged credit is in the
/// ledger exactly once, totals equal the ledger sums, and the Redis index equals the store's ranking.
/// </summary>
public sealed class ClusterLedger(string postgres, string redis, string prefix)
{
    public async Task<long> CountAsync(string actionId)
    {
        await using var connection = await OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM score_events WHERE action_id = $1", connection);
        command.Parameters.AddWithValue(actionId);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    public async Task AssertConsistentAsync(IReadOnlyCollection<string> acknowledged)
    {
        await using var connection = await OpenAsync();
        var stored = new HashSet<string>(await ListAsync(connection, "SELECT action_id FROM score_events"));
        var missing = acknowledged.Where(a => !stored.Contains(a)).ToList();
        Assert.True(missing.Count == 0, $"{missing.Count} acknowledged credits are not in the ledger, e.g. {missing.FirstOrDefault()}");
        // Action ids are unique per caller scope; two callers may each use one id once.
        Assert.Empty(await ListAsync(connection, "SELECT action_id FROM score_events GROUP BY caller_scope, action_id HAVING count(*) > 1"));
        Assert.Empty(await ListAsync(connection, """
            SELECT s.user_id FROM user_scores s
            LEFT JOIN (SELECT user_id, sum(points) AS total, count(*) AS n FROM score_events GROUP BY user_id) e ON e.user_id = s.user_id
            WHERE s.score IS DISTINCT FROM e.total OR s.action_count IS DISTINCT FROM e.n
            """));
        // Each event continues the previous one: no lost update between concurrent transactions.
        Assert.Empty(await ListAsync(connection, """
            SELECT action_id FROM (SELECT action_id, score_before,
                   coalesce(lag(score_after) OVER (PARTITION BY user_id ORDER BY id), 0) AS previous FROM score_events) c
            WHERE score_before <> previous
            """));
    }

    /// <summary>Waits (bounded) until Redis holds exactly the store's ranking; fails with the first difference.</summary>
    public async Task AssertIndexMatchesStoreAsync(TimeSpan within)
    {
        await using var multiplexer = await ConnectionMultiplexer.ConnectAsync(redis);
        var index = new RedisRankIndex(multiplexer, new RedisKeys(prefix));
        var deadline = DateTime.UtcNow + within;
        while (true)
        {
            var expected = await StoreRankingAsync();
            var actual = new List<string>();
            await foreach (var s in index.ReadAllAsync(default))
            {
                actual.Add($"{s.UserId}:{s.Score}:{s.ReachedAt}");
            }

            if (expected.SequenceEqual(actual) || DateTime.UtcNow > deadline)
            {
                Assert.Equal(expected, actual);
                return;
            }

            await Task.Delay(200);
        }
    }

    public async Task<List<string>> StoreRankingAsync()
    {
        await using var connection = await OpenAsync();
        return await ListAsync(connection, """
            SELECT user_id || ':' || score || ':' || reached_at FROM user_scores ORDER BY score DESC, reached_at, user_id COLLATE "C"
            """);
    }

    private async Task<NpgsqlConnection> OpenAsync()
    {
        var connection = new NpgsqlConnection(postgres);
        await connection.OpenAsync();
        return connection;
    }

    private static async Task<List<string>> ListAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
        {
            rows.Add(reader.GetString(0));
        }

        return rows;
    }
}
