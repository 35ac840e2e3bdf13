using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using StackExchange.Redis;

namespace Scoreboard.Bench;

/// <summary>
/// Distributed mode through 1 and 3 instances (Kestrel on loopback, one PostgreSQL, one Redis): credits/s and top-10
/// reads/s, next to pgbench (one credit-shaped transaction each, synchronous_commit=on) and redis-benchmark
/// (ZREVRANGE 0 9 on 100k members) measured in the same run against the same servers.
/// </summary>
internal static partial class DistributedBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var pg = Options.Text(args, "--pg") ?? throw new ArgumentException("--pg <Npgsql connection string to an admin database> is required");
        var redis = Options.Text(args, "--redis") ?? throw new ArgumentException("--redis <host:port> is required");
        var credits = Options.Int(args, "--credits", 20_000);
        var reads = Options.Int(args, "--reads", 50_000);
        var concurrency = Options.Int(args, "--concurrency", 64);

        Console.WriteLine($"credits={credits} reads={reads} concurrency={concurrency}");
        Console.WriteLine($"baseline pgbench, 8 clients, 1 credit-shaped transaction each: {await PgbenchAsync(pg):F0} tps");
        Console.WriteLine($"baseline redis-benchmark -c 50, ZREVRANGE 0 9 WITHSCORES on 100k members: {await RedisBenchmarkAsync(redis):F0} ops/s");
        foreach (var instances in new[] { 1, 3 })
        {
            var database = await CreateDatabaseAsync(pg);
            var servers = new List<InProcessServer>();
            try
            {
                for (var i = 0; i < instances; i++)
                {
                    servers.Add(await InProcessServer.StartAsync(
                        $"--ConnectionStrings:Postgres={database}", $"--ConnectionStrings:Redis={redis}", $"--Scoreboard:Redis:KeyPrefix=bench{database}",
                        // Instances share their secrets, or start-up refuses.
                        "--Scoreboard:UserTokens:Secret=bench-jwt-secret-0123456789abcdef0123", "--Scoreboard:Signing:Secret=bench-hmac-secret-0123456789"));
                }

                var clients = servers.Select(s => s.CreateServiceClient()).ToArray();
                var creditRate = await Load.RunAsync(credits, concurrency, i => clients[i % clients.Length]
                    .PostAsync("/scores/increment", Load.Json($$"""{"userId":"user_{{i % 1000}}","actionId":"bench_{{i}}"}""")));
                var readRate = await Load.RunAsync(reads, concurrency, i => clients[i % clients.Length].GetAsync("/scoreboard/top?limit=10"));
                Console.WriteLine($"scoreboard, {instances} instance(s): {creditRate:F0} credits/s, {readRate:F0} top-10 reads/s");
            }
            finally
            {
                foreach (var server in servers)
                {
                    await server.DisposeAsync();
                }
            }
        }

        return 0;
    }

    private static async Task<string> CreateDatabaseAsync(string admin)
    {
        var name = $"bench_{DateTime.UtcNow.Ticks}";
        await using var connection = new NpgsqlConnection(admin);
        await connection.OpenAsync();
        await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
        await create.ExecuteNonQueryAsync();
        return new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString;
    }

    private static async Task<double> PgbenchAsync(string admin)
    {
        var target = new NpgsqlConnectionStringBuilder(await CreateDatabaseAsync(admin));
        await using (var connection = new NpgsqlConnection(target.ConnectionString))
        {
            await connection.OpenAsync();
            await using var setup = new NpgsqlCommand("""
                CREATE TABLE events (id bigserial PRIMARY KEY, action_id text UNIQUE NOT NULL, user_id int NOT NULL, points bigint NOT NULL);
                CREATE TABLE totals (user_id int PRIMARY KEY, score bigint NOT NULL);
                """, connection);
            await setup.ExecuteNonQueryAsync();
        }

        var script = Path.GetTempFileName();
        await File.WriteAllTextAsync(script, """
            \set uid random(1, 1000)
            BEGIN;
            INSERT INTO events (action_id, user_id, points) VALUES (md5(random()::text || clock_timestamp()::text), :uid, 10);
            INSERT INTO totals (user_id, score) VALUES (:uid, 10) ON CONFLICT (user_id) DO UPDATE SET score = totals.score + 10;
            END;
            """);
        var output = await RunAsync("pgbench", new() { ["PGOPTIONS"] = "-c synchronous_commit=on" },
            "-n", "-c", "8", "-j", "2", "-T", "10", "-f", script, "-h", target.Host!, "-p", target.Port.ToString(CultureInfo.InvariantCulture),
            "-U", target.Username!, target.Database!);
        File.Delete(script);
        return double.Parse(Tps().Match(output).Groups[1].Value, CultureInfo.InvariantCulture);
    }

    private static async Task<double> RedisBenchmarkAsync(string redis)
    {
        await using (var connection = await ConnectionMultiplexer.ConnectAsync(redis))
        {
            var db = connection.GetDatabase();
            var random = new Random(42);
            for (var chunk = 0; chunk < 100; chunk++)
            {
                await db.SortedSetAddAsync("bench:board", Enumerable.Range(chunk * 1000, 1000)
                    .Select(i => new SortedSetEntry($"user_{i}", random.Next(0, 1_000_000))).ToArray());
            }
        }

        var endpoint = redis.Split(':');
        var output = await RunAsync("redis-benchmark", [], "-h", endpoint[0], "-p", endpoint[1], "-c", "50", "-n", "100000", "-q",
            "ZREVRANGE", "bench:board", "0", "9", "WITHSCORES");
        return double.Parse(RequestsPerSecond().Match(output).Groups[1].Value, CultureInfo.InvariantCulture);
    }

    private static async Task<string> RunAsync(string tool, Dictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo(tool, args) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return process.ExitCode == 0 ? output : throw new InvalidOperationException($"{tool} failed: {error}");
    }

    [GeneratedRegex(@"tps = ([\d.]+)")]
    private static partial Regex Tps();

    [GeneratedRegex(@"([\d.]+) requests per second")]
    private static partial Regex RequestsPerSecond();
}
