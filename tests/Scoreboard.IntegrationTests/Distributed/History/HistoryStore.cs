using Npgsql;
using Scoreboard.Ranking.Redis;
using StackExchange.Redis;

namespace Scoreboard.IntegrationTests.Distributed.History;

/// <summary>Reads what the checker judges straight from PostgreSQL (by SQL, not through the service) and from Redis.</summary>
public sealed class HistoryStore(string postgres, string redis, string prefix, int boardSize)
{
    public async Task<HistoryFacts> ReadAsync(IReadOnlyList<Attempt> attempts, long points, string runPrefix, IReadOnlyList<IReadOnlyList<Place>?> live)
    {
        await using var connection = new NpgsqlConnection(postgres);
        await connection.OpenAsync();
        // Only this run's action ids: the action id alone, whatever scopes the store adds around it, names the credit.
        var ledger = await QueryAsync(connection, "SELECT action_id, user_id, points FROM score_events WHERE starts_with(action_id, $1)",
            r => new LedgerRow(r.GetString(0), r.GetString(1), r.GetInt64(2)), runPrefix);
        var totals = await QueryAsync(connection, """
            SELECT coalesce(s.user_id, e.user_id), s.score, e.total FROM user_scores s
            FULL JOIN (SELECT user_id, sum(points)::bigint AS total FROM score_events GROUP BY user_id) e ON e.user_id = s.user_id
            """, r => new UserTotal(r.GetString(0), r.IsDBNull(1) ? null : r.GetInt64(1), r.IsDBNull(2) ? null : r.GetInt64(2)));
        var ranking = await QueryAsync(connection, """
            SELECT user_id, score, reached_at FROM user_scores ORDER BY score DESC, reached_at, user_id COLLATE "C"
            """, r => (Place: new Place(r.GetString(0), r.GetInt64(1)), Text: $"{r.GetString(0)}:{r.GetInt64(1)}:{r.GetInt64(2)}"));
        return new HistoryFacts(attempts, points, ledger, totals, ranking.ConvertAll(r => r.Text), await IndexRankingAsync(), live,
            ranking.Take(boardSize).Select(r => r.Place).ToList());
    }

    private async Task<List<string>> IndexRankingAsync()
    {
        var ranking = new List<string>();
        try
        {
            await using var multiplexer = await ConnectionMultiplexer.ConnectAsync(redis);
            await foreach (var s in new RedisRankIndex(multiplexer, new RedisKeys(prefix)).ReadAllAsync(default))
            {
                ranking.Add($"{s.UserId}:{s.Score}:{s.ReachedAt}");
            }
        }
        catch (RedisException ex)
        {
            ranking.Add($"(Redis unreadable: {ex.Message})");
        }

        return ranking;
    }

    private static async Task<List<T>> QueryAsync<T>(NpgsqlConnection connection, string sql, Func<NpgsqlDataReader, T> read, params object[] args)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var arg in args)
        {
            command.Parameters.AddWithValue(arg);
        }

        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<T>();
        while (await reader.ReadAsync())
        {
            rows.Add(read(reader));
        }

        return rows;
    }
}
