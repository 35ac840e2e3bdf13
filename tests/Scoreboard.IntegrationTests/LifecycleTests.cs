using System.Diagnostics;
using System.Text.RegularExpressions;
using Scoreboard.IntegrationTests.Infrastructure;

namespace Scoreboard.IntegrationTests;

/// <summary>Stopping, crashing and restarting the server, as an operator would: no acknowledged credit is lost or doubled.</summary>
public sealed partial class LifecycleTests
{
    [Fact]
    public async Task Board_survives_a_graceful_restart()
    {
        var dataDir = Directory.CreateTempSubdirectory("scoreboard-test-").FullName;
        try
        {
            string boardBefore;
            await using (var first = await ScoreboardServer.StartAsync(dataDir))
            {
                using var client = first.CreateServiceClient();
                for (var i = 0; i < 20; i++)
                {
                    await client.PostAsync("/scores/increment", new { userId = $"user_{i % 7}", actionId = $"restart_{i}" });
                }

                boardBefore = await client.GetStringAsync("/scoreboard/top?limit=50");
                await first.StopAsync();
            }

            await using var second = await ScoreboardServer.StartAsync(dataDir);
            var boardAfter = await second.Client.GetStringAsync("/scoreboard/top?limit=50");

            Assert.Equal(WithoutTimestamp(boardBefore), WithoutTimestamp(boardAfter));
            await Ledger.AssertTotalsMatchEventsAsync(second.DatabasePath);
        }
        finally
        {
            Directory.Delete(dataDir, recursive: true);
        }
    }

    [Fact]
    public async Task Every_acknowledged_credit_survives_kill_9_during_a_burst_exactly_once()
    {
        var dataDir = Directory.CreateTempSubdirectory("scoreboard-test-").FullName;
        try
        {
            var acknowledged = new System.Collections.Concurrent.ConcurrentBag<string>();
            await using (var server = await ScoreboardServer.StartAsync(dataDir))
            {
                using var client = server.CreateServiceClient();
                using var stop = new CancellationTokenSource();
                var next = 0;
                var senders = Enumerable.Range(0, 16).Select(async _ =>
                {
                    while (!stop.IsCancellationRequested)
                    {
                        var action = $"burst_{Interlocked.Increment(ref next)}";
                        try
                        {
                            var (status, body) = await client.PostAsync("/scores/increment", new { userId = $"user_{action.GetHashCode() & 15}", actionId = action });
                            if (status == 200 && (bool)body["applied"]!)
                            {
                                acknowledged.Add(action);
                            }
                        }
                        catch (HttpRequestException)
                        {
                            return;
                        }
                    }
                }).ToList();

                // Let the burst run, then crash the server under it.
                var deadline = Stopwatch.StartNew();
                while (acknowledged.Count < 200)
                {
                    Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(60), "The burst did not get 200 credits acknowledged within a minute.");
                    await Task.Delay(10);
                }

                server.Kill();
                await stop.CancelAsync();
                await Task.WhenAll(senders);
            }

            await using var restarted = await ScoreboardServer.StartAsync(dataDir);
            var ledger = await Ledger.EventsAsync(restarted.DatabasePath);
            var recorded = ledger.Select(e => e.ActionId).ToList();

            Assert.Equal(recorded.Count, recorded.Distinct().Count());
            Assert.Empty(acknowledged.Except(recorded));
            await Ledger.AssertTotalsMatchEventsAsync(restarted.DatabasePath);

            // The board after restart is rebuilt from exactly what the ledger holds.
            var totals = await Ledger.TotalsAsync(restarted.DatabasePath);
            var (_, board) = await restarted.Client.GetJsonAsync("/scoreboard/top?limit=50");
            Assert.Equal(
                totals.OrderByDescending(t => t.Value).Select(t => t.Value),
                board["entries"]!.AsArray().Select(e => (long)e!["score"]!));
        }
        finally
        {
            Directory.Delete(dataDir, recursive: true);
        }
    }

    [Fact]
    public async Task Credit_that_would_pass_the_maximum_score_is_refused_and_changes_nothing()
    {
        await using var server = await ScoreboardServer.StartAsync();
        using var client = server.CreateServiceClient();
        await client.PostAsync("/scores/increment", new { userId = "whale", actionId = "seed" });
        await server.StopAsync();

        // An operator imports a near-maximal history: one event taking the total to 2^53 - 6.
        const long nearMax = 9_007_199_254_740_985;
        await Ledger.ExecuteAsync(server.DatabasePath, $"""
            UPDATE score_events SET points = {nearMax}, score_after = {nearMax} WHERE action_id = 'seed';
            UPDATE user_scores SET score = {nearMax} WHERE user_id = 'whale';
            """);

        await using var restarted = await ScoreboardServer.StartAsync(server.DataDir);
        using var again = restarted.CreateServiceClient();
        var before = await BoardState.CaptureAsync(restarted);

        var (status, body) = await again.PostAsync("/scores/increment", new { userId = "whale", actionId = "one_too_many" });

        Assert.Equal(422, status);
        Assert.Equal("SCORE_LIMIT_REACHED", (string?)body["error"]!["code"]);
        Assert.Equal(before, await BoardState.CaptureAsync(restarted));
        var (_, whale) = await again.GetJsonAsync("/api/v1/scores/user/whale");
        Assert.Equal(nearMax, (long)whale["data"]!["score"]!);
    }

    [Fact]
    [Trait("Backend", "embedded")] // Reads the SQLite file itself.
    public async Task Without_any_key_configured_one_is_generated_printed_once_and_works()
    {
        var dataDir = Directory.CreateTempSubdirectory("scoreboard-test-").FullName;
        var noKey = new Dictionary<string, string?> { ["SCOREBOARD_API_KEY"] = "" };
        try
        {
            string key;
            await using (var first = await ScoreboardServer.StartAsync(dataDir, noKey))
            {
                key = GeneratedKey().Match(first.Output).Groups[1].Value;
                Assert.NotEmpty(key);

                using var client = first.CreateClient();
                client.DefaultRequestHeaders.Add("X-API-KEY", key);
                var (status, _) = await client.PostAsync("/scores/increment", new { userId = "demo", actionId = "demo_1" });
                Assert.Equal(200, status);
                await first.StopAsync();
            }

            await using var second = await ScoreboardServer.StartAsync(dataDir, noKey);
            Assert.DoesNotMatch(GeneratedKey(), second.Output);
            using var again = second.CreateClient();
            again.DefaultRequestHeaders.Add("X-API-KEY", key);
            var (statusAfterRestart, _) = await again.PostAsync("/scores/increment", new { userId = "demo", actionId = "demo_2" });
            Assert.Equal(200, statusAfterRestart);
            Assert.DoesNotContain(key, await File.ReadAllTextAsync(Path.Combine(dataDir, "scoreboard.db")), StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dataDir, recursive: true);
        }
    }

    [Theory]
    [InlineData("PORT", "seventy", "PORT")]
    [InlineData("LOG_LEVEL", "loud", "LOG_LEVEL")]
    [InlineData("Scoreboard__Storage__MaxBatch", "0", "Scoreboard:Storage:MaxBatch")]
    [InlineData("Scoreboard__Actions__BONUS__Points", "-5", "Scoreboard:Actions:BONUS")]
    [InlineData("Scoreboard__Api__MaxBodyBytes", "5", "Scoreboard:Api:MaxBodyBytes")]
    [InlineData("JWT_SECRET", "too-short", "JWT_SECRET")]
    [InlineData("JWT_EXPIRY", "forever", "JWT_EXPIRY")]
    [InlineData("HMAC_SECRET_KEY", "short", "HMAC_SECRET_KEY")]
    [InlineData("RATE_LIMIT_WINDOW_MS", "0", "RATE_LIMIT_WINDOW_MS")]
    [InlineData("Scoreboard__UserTokens__Algorithms__0", "none", "Scoreboard:UserTokens:Algorithms")]
    [InlineData("DB_PORT", "seventy", "DB_PORT")]
    [InlineData("DB_HOST", "127.0.0.1", "DB_USER")]
    [InlineData("REDIS_HOST", "127.0.0.1", "REDIS_HOST")]
    public async Task Bad_setting_stops_start_up_with_one_line_naming_it(string variable, string value, string named)
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(RepositoryPaths.ServerOutput, "Scoreboard.dll")])
        {
            WorkingDirectory = RepositoryPaths.ServerOutput,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        start.Environment["SCOREBOARD_DATA_DIR"] = Directory.CreateTempSubdirectory("scoreboard-test-").FullName;
        start.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        start.Environment[variable] = value;
        if (variable == "PORT")
        {
            start.Environment.Remove("ASPNETCORE_URLS");
        }

        using var process = Process.Start(start)!;
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(2, process.ExitCode);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("scoreboard: configuration error:", line, StringComparison.Ordinal);
        Assert.Contains(named, line, StringComparison.Ordinal);
        Directory.Delete(start.Environment["SCOREBOARD_DATA_DIR"]!, recursive: true);
    }

    private static string WithoutTimestamp(string board) => TimestampField().Replace(board, "");

    [GeneratedRegex("\"generatedAt\":\"[^\"]+\"")]
    private static partial Regex TimestampField();

    [GeneratedRegex(@"shown once and only its hash is kept: (sb_[A-Za-z0-9_-]+)")]
    private static partial Regex GeneratedKey();
}
