using Npgsql;
using Scoreboard.Ranking.Redis;
using StackExchange.Redis;

namespace Scoreboard.IntegrationTests.Distributed;

/// <summary>
/// A configured board's rankings as Redis holds them and as PostgreSQL says they should be, each read straight from its
/// server: Redis's sorted set and standings hash, and SQL over <c>board_standings</c> and over the ledger's events.
/// Rows read as <c>user:score:reached_at</c>, so the order, the values and the tie-breaking reach are all compared.
/// </summary>
public sealed class BoardRankings(string postgres, IConnectionMultiplexer redis, string prefix)
{
    /// <summary>One (board, period) ranking in Redis, best first; a configured board's generation is <c>c</c>.</summary>
    public async Task<List<string>> InRedisAsync(string board, string period)
    {
        var keys = new RedisKeys(prefix);
        var db = redis.GetDatabase();
        var rows = new List<string>();
        foreach (var member in await db.SortedSetRangeByRankAsync(keys.BoardRanking(board, "c", period)))
        {
            var user = member.ToString()[(RedisStanding.ReachWidth + 1)..];
            var payload = await db.HashGetAsync(keys.BoardStandings(board, "c", period), user);
            var standing = RedisStanding.Parse(payload.ToString());
            rows.Add($"{standing.UserId}:{standing.Score}:{standing.ReachedAt}");
        }

        return rows;
    }

    /// <summary>Takes a user out of one (board, period) ranking in Redis, as if the write had never arrived.</summary>
    public async Task ForgetInRedisAsync(string board, string period, string user)
    {
        var keys = new RedisKeys(prefix);
        var db = redis.GetDatabase();
        var members = await db.SortedSetRangeByRankAsync(keys.BoardRanking(board, "c", period));
        Assert.Equal(1, await db.SortedSetRemoveAsync(keys.BoardRanking(board, "c", period), [.. members.Where(m => m.ToString().EndsWith(":" + user, StringComparison.Ordinal))]));
        Assert.True(await db.HashDeleteAsync(keys.BoardStandings(board, "c", period), user));
    }

    /// <summary>
    /// The <c>rank_outbox</c> row a credit of the user leaves in its transaction, old enough for the relay to take: what
    /// an instance killed between its commit and its Redis update leaves behind.
    /// </summary>
    public Task LeaveOutboxRowAsync(string user) => QueryAsync("""
        INSERT INTO rank_outbox AS o (user_id, event_id, queued_at)
        SELECT user_id, reached_at, (extract(epoch FROM now()) * 1000)::bigint - 60000 FROM user_scores WHERE user_id = $1
        ON CONFLICT (user_id) DO UPDATE SET event_id = excluded.event_id, queued_at = excluded.queued_at
        """, user);

    /// <summary>The store's standings of one (board, period), in the board's order: the earlier reach wins a tie, then the user id.</summary>
    public Task<List<string>> InStoreAsync(string board, string period, bool asc) => QueryAsync($"""
        SELECT user_id || ':' || score || ':' || reached_at FROM board_standings WHERE board_id = $1 AND period_key = $2
        ORDER BY score {(asc ? "ASC" : "DESC")}, reached_at, user_id COLLATE "C"
        """, board, period);

    /// <summary>The period keys the store holds standings of for a board.</summary>
    public Task<List<string>> PeriodsAsync(string board) =>
        QueryAsync("SELECT DISTINCT period_key FROM board_standings WHERE board_id = $1", board);

    /// <summary>The period keys a user has standings in on a board, oldest first (cron keys sort by time within one offset).</summary>
    public Task<List<string>> PeriodsOfAsync(string board, string user) =>
        QueryAsync("SELECT period_key FROM board_standings WHERE board_id = $1 AND user_id = $2 ORDER BY period_key", board, user);

    /// <summary>
    /// What an all-time board's operator makes of the ledger's events of its types, by SQL, as <c>user:score</c> sorted
    /// by user: sum, best (max, or min on asc; asc boards count service-key credits only) or latest (the last event's points).
    /// </summary>
    public Task<List<string>> FromLedgerAsync(IReadOnlyList<string> types, string op, bool asc)
    {
        var value = op switch
        {
            "incr" => "sum(points)",
            "best" => asc ? "min(points)" : "max(points)",
            _ => "(array_agg(points ORDER BY id DESC))[1]",
        };
        return QueryAsync($"""
            SELECT user_id || ':' || {value} FROM score_events
            WHERE action_type = ANY($1) AND points > 0 {(asc ? "AND caller_scope LIKE 'key:%'" : "")}
            GROUP BY user_id ORDER BY user_id COLLATE "C"
            """, (object)types.ToArray());
    }

    /// <summary>Waits (bounded) until Redis holds exactly the store's ranking of the (board, period); fails with the difference.</summary>
    public async Task AssertRedisEqualsStoreAsync(string board, string period, bool asc, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (true)
        {
            var expected = await InStoreAsync(board, period, asc);
            var actual = await InRedisAsync(board, period);
            if (expected.SequenceEqual(actual) || DateTime.UtcNow > deadline)
            {
                Assert.Equal(expected, actual);
                return;
            }

            await Task.Delay(200);
        }
    }

    private async Task<List<string>> QueryAsync(string sql, params object[] values)
    {
        await using var connection = new NpgsqlConnection(postgres);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var value in values)
        {
            command.Parameters.AddWithValue(value);
        }

        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
        {
            rows.Add(reader.GetString(0));
        }

        return rows;
    }
}
