using System.Globalization;
using StackExchange.Redis;

namespace Scoreboard.Bench;

/// <summary>
/// What a user would pick instead, fixed so it cannot drift: redis-benchmark on a 100k-member sorted set with the same
/// client shape as wrk (2 threads, 50 connections), and pgbench running SPEC §8's credit transaction.
/// </summary>
internal static class Baselines
{
    public const string Board = "bench:board";
    private const int Members = 100_000;

    /// <summary>Fills the sorted set; members are named as redis-benchmark's <c>__rand_int__</c> writes them (12 digits).</summary>
    public static async Task FillAsync(string redis)
    {
        await using var connection = await ConnectionMultiplexer.ConnectAsync(redis);
        var db = connection.GetDatabase();
        await db.KeyDeleteAsync(Board);
        var random = new Random(42);
        for (var chunk = 0; chunk < Members / 1000; chunk++)
        {
            await db.SortedSetAddAsync(Board, Enumerable.Range(chunk * 1000, 1000)
                .Select(i => new SortedSetEntry(i.ToString("D12", CultureInfo.InvariantCulture), random.Next(0, 1_000_000))).ToArray());
        }
    }

    /// <summary>One redis-benchmark command; its ops/s and latency percentiles.</summary>
    public static async Task<LoadResult> RedisAsync(string redis, int requests, params string[] command)
    {
        var endpoint = redis.Split(':');
        var csv = await Tools.RunAsync("redis-benchmark", [], ["-h", endpoint[0], "-p", endpoint[1], "-c", $"{Wrk.Connections}",
            "--threads", $"{Wrk.Threads}", "-n", $"{requests}", "-r", $"{Members}", "--csv", .. command]);
        // "test","rps","avg_latency_ms","min_latency_ms","p50_latency_ms","p95_latency_ms","p99_latency_ms","max_latency_ms"
        var row = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Last().Split(',').Select(f => f.Trim('"')).ToArray();
        return new(Wrk.Number(row[1]), Wrk.Number(row[4]), Wrk.Number(row[5]), Wrk.Number(row[6]));
    }

    public static Task<LoadResult> TopTenAsync(string redis, int requests) => RedisAsync(redis, requests, "ZREVRANGE", Board, "0", "9", "WITHSCORES");

    public static Task<LoadResult> RankAsync(string redis, int requests) => RedisAsync(redis, requests, "ZREVRANK", Board, "__rand_int__");

    public static Task<LoadResult> IncrementAsync(string redis, int requests) => RedisAsync(redis, requests, "ZINCRBY", Board, "10", "__rand_int__");

    /// <summary>
    /// pgbench at 32 clients, each transaction SPEC §8's credit: insert an event with a unique action id, upsert the
    /// user's total, commit with <c>synchronous_commit=on</c>. Runs in its own fresh database.
    /// </summary>
    public static async Task<LoadResult> PgbenchAsync(Loopback loopback, int seconds)
    {
        var database = $"pgbench_{DateTime.UtcNow.Ticks}";
        await using (var connection = new Npgsql.NpgsqlConnection(await loopback.CreateDatabaseAsync(database)))
        {
            await connection.OpenAsync();
            await using var setup = new Npgsql.NpgsqlCommand("""
                CREATE TABLE events (id bigserial PRIMARY KEY, action_id text UNIQUE NOT NULL, user_id int NOT NULL, points bigint NOT NULL, created_at timestamptz NOT NULL DEFAULT now());
                CREATE TABLE totals (user_id int PRIMARY KEY, score bigint NOT NULL);
                """, connection);
            await setup.ExecuteNonQueryAsync();
        }

        var script = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(script, """
                \set uid random(1, 1000)
                BEGIN;
                INSERT INTO events (action_id, user_id, points) VALUES (:client_id || '-' || md5(random()::text || clock_timestamp()::text), :uid, 10);
                INSERT INTO totals (user_id, score) VALUES (:uid, 10) ON CONFLICT (user_id) DO UPDATE SET score = totals.score + 10;
                END;
                """);
            var output = await Tools.RunAsync("pgbench", new() { ["PGOPTIONS"] = "-c synchronous_commit=on" },
                "-n", "-c", "32", "-j", $"{Wrk.Threads}", "-T", $"{seconds}", "-f", script,
                "-h", "127.0.0.1", "-p", $"{loopback.PostgresPort}", "-U", "scoreboard", database);
            var tps = System.Text.RegularExpressions.Regex.Match(output, @"tps = ([\d.]+)").Groups[1].Value;
            var latency = System.Text.RegularExpressions.Regex.Match(output, @"latency average = ([\d.]+) ms").Groups[1].Value;
            return new(Wrk.Number(tps), Wrk.Number(latency), double.NaN, double.NaN);
        }
        finally
        {
            File.Delete(script);
        }
    }
}
