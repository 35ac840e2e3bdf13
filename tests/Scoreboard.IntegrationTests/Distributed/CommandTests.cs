using System.Diagnostics;
using Scoreboard.IntegrationTests.Infrastructure;
using Scoreboard.Ranking.Redis;
using Scoreboard.Scoring;
using StackExchange.Redis;

namespace Scoreboard.IntegrationTests.Distributed;

/// <summary>The operator's commands: <c>migrate</c> and <c>reconcile</c>, run as <c>dotnet Scoreboard.dll &lt;command&gt;</c>.</summary>
[Collection(DistributedCollection.Name)]
[Trait("Backend", "distributed")]
public sealed class CommandTests
{
    [Fact]
    public async Task Migrate_creates_the_schema_and_can_run_again()
    {
        var environment = await DistributedBackend.EnvironmentAsync(Json.NewId("migrate"));

        var (first, output) = await RunAsync(environment, "migrate");
        var (again, _) = await RunAsync(environment, "migrate");

        Assert.Equal(0, first);
        Assert.Equal(0, again);
        Assert.Contains("is migrated", output, StringComparison.Ordinal);
        await using var connection = new Npgsql.NpgsqlConnection(environment["ConnectionStrings__Postgres"]);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand("SELECT count(*) FROM schema_migrations", connection);
        var migrations = Directory.GetFiles(Path.Combine(RepositoryPaths.Root, "src", "Scoreboard", "Storage", "Postgres", "Migrations"), "*.sql");
        Assert.Equal((long)migrations.Length, await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task Reconcile_repairs_a_tampered_index_from_the_store()
    {
        var environment = await DistributedBackend.EnvironmentAsync(Json.NewId("reconcile"));
        await using (var server = await ScoreboardServer.StartAsync(environment: environment))
        {
            using var client = server.CreateServiceClient();
            foreach (var (user, action) in new[] { ("ann", "a1"), ("bob", "b1"), ("cat", "c1"), ("cat", "c2") })
            {
                Assert.Equal(200, (await client.PostAsync("/scores/increment", new { userId = user, actionId = action })).Status);
            }

            await server.StopAsync();
        }

        // Damage, as a stray script or a half-restored Redis might: one user lost, one wrong, one who never scored.
        var prefix = environment["Scoreboard__Redis__KeyPrefix"]!;
        await using (var redis = await ConnectionMultiplexer.ConnectAsync(environment["ConnectionStrings__Redis"]!))
        {
            var index = new RedisRankIndex(redis, new RedisKeys(prefix));
            var cat = (await index.FindAsync("cat", default))!.Value.Standing;
            await index.RemoveAsync(["bob"]);
            await index.ForceAsync([(cat with { Score = 1_000 }, cat)]);
            await index.SetAsync([new Standing("ghost", null, 5_000, 1, DateTimeOffset.UnixEpoch)]);
            Assert.Equal("ghost", (await index.TopAsync(0, 1, default))[0].Standing.UserId);
        }

        var (exit, output) = await RunAsync(environment, "reconcile");

        Assert.Equal(0, exit);
        Assert.Contains("reconciled 3 users; 2 index entries repaired, 1 removed", output, StringComparison.Ordinal);
        await new ClusterLedger(environment["ConnectionStrings__Postgres"]!, environment["ConnectionStrings__Redis"]!, prefix)
            .AssertIndexMatchesStoreAsync(TimeSpan.Zero);
    }

    private static async Task<(int Exit, string Output)> RunAsync(Dictionary<string, string?> environment, string command)
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(RepositoryPaths.ServerOutput, "Scoreboard.dll"), command])
        {
            WorkingDirectory = RepositoryPaths.ServerOutput,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        return (process.ExitCode, await output + await error);
    }
}
