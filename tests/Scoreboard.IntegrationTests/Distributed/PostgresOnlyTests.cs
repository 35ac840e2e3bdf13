using Scoreboard.IntegrationTests.Infrastructure;

namespace Scoreboard.IntegrationTests.Distributed;

/// <summary>PostgreSQL without Redis: one instance, the in-process index rebuilt from PostgreSQL at start-up.</summary>
[Collection(DistributedCollection.Name)]
[Trait("Backend", "distributed")]
public sealed class PostgresOnlyTests
{
    [Fact]
    public async Task A_single_instance_on_postgres_alone_keeps_its_board_across_a_restart()
    {
        var postgres = (await DistributedBackend.EnvironmentAsync(Json.NewId("pgonly")))["ConnectionStrings__Postgres"];
        var environment = new Dictionary<string, string?> { ["ConnectionStrings__Postgres"] = postgres };
        string before;
        await using (var first = await ScoreboardServer.StartAsync(environment: environment))
        {
            using var client = first.CreateServiceClient();
            foreach (var (user, action) in new[] { ("ann", "p1"), ("bob", "p2"), ("bob", "p3") })
            {
                Assert.Equal(200, (await client.PostAsync("/scores/increment", new { userId = user, actionId = action })).Status);
            }

            before = (await client.GetJsonAsync("/scoreboard/top?limit=10")).Body["entries"]!.ToJsonString();
            var (_, health) = await client.GetJsonAsync("/health");
            Assert.Equal("connected", (string?)health["services"]!["database"]);
            Assert.Equal("not_configured", (string?)health["services"]!["redis"]);
            await first.StopAsync();
        }

        await using var second = await ScoreboardServer.StartAsync(environment: environment);
        var after = (await second.Client.GetJsonAsync("/scoreboard/top?limit=10")).Body["entries"]!;

        Assert.Equal(before, after.ToJsonString());
        Assert.Equal("bob", (string?)after[0]!["userId"]);
        Assert.Equal(20, (long)after[0]!["score"]!);
    }
}
