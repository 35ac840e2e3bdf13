using System.Diagnostics;
using Microsoft.Data.Sqlite;

namespace Scoreboard.Bench;

/// <summary>
/// Credits per second through the real HTTP API (Kestrel on loopback, SQLite with synchronous=FULL), next to
/// the baseline of raw SQLite: one insert per durable transaction, measured in the same run on the same disk.
/// </summary>
internal static class CreditBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var credits = Options.Int(args, "--credits", 20_000);
        var concurrency = Options.Int(args, "--concurrency", 64);
        var runs = Options.Int(args, "--runs", 3);
        var baseline = new List<double>();
        var scoreboard = new List<double>();
        for (var run = 0; run < runs; run++)
        {
            baseline.Add(RawSqlite(credits / 4));
            scoreboard.Add(await ThroughServerAsync(credits, concurrency));
        }

        var b = Options.Median(baseline);
        var s = Options.Median(scoreboard);
        Console.WriteLine($"credits={credits} concurrency={concurrency} runs={runs}");
        Console.WriteLine($"baseline raw SQLite (1 insert per FULL commit): median {b:F0} commits/s");
        Console.WriteLine($"scoreboard POST /scores/increment:             median {s:F0} credits/s  ({s / b:F2}x the baseline)");
        return 0;
    }

    private static double RawSqlite(int inserts)
    {
        var dir = Directory.CreateTempSubdirectory("scoreboard-bench-");
        try
        {
            using var connection = new SqliteConnection($"Data Source={Path.Combine(dir.FullName, "raw.db")}");
            connection.Open();
            using (var setup = connection.CreateCommand())
            {
                setup.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; CREATE TABLE e (id INTEGER PRIMARY KEY, action_id TEXT UNIQUE, user_id TEXT, points INTEGER)";
                setup.ExecuteNonQuery();
            }

            using var insert = connection.CreateCommand();
            insert.CommandText = "INSERT INTO e (action_id, user_id, points) VALUES ($a, $u, 10)";
            var action = insert.Parameters.Add("$a", SqliteType.Text);
            var user = insert.Parameters.Add("$u", SqliteType.Text);
            var stopwatch = Stopwatch.StartNew();
            for (var i = 0; i < inserts; i++)
            {
                using var transaction = connection.BeginTransaction();
                insert.Transaction = transaction;
                action.Value = $"a{i}";
                user.Value = $"user_{i % 1000}";
                insert.ExecuteNonQuery();
                transaction.Commit();
            }

            return inserts / stopwatch.Elapsed.TotalSeconds;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            dir.Delete(recursive: true);
        }
    }

    private static async Task<double> ThroughServerAsync(int credits, int concurrency)
    {
        await using var server = await InProcessServer.StartAsync();
        using var client = server.CreateServiceClient();
        return await Load.RunAsync(credits, concurrency, i =>
            client.PostAsync("/scores/increment", Load.Json($$"""{"userId":"user_{{i % 1000}}","actionId":"bench_{{i}}"}""")));
    }
}
