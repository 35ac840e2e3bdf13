using Scoreboard.IntegrationTests.Distributed;
using Scoreboard.IntegrationTests.Infrastructure;

namespace Scoreboard.IntegrationTests.Privacy;

/// <summary>
/// An erasure asked of one instance reaches the others: their REST reads and their live clients lose the user, because
/// the shared rankings (Redis) lose them and the bus makes every instance's feed recompute its board.
/// </summary>
[Collection(DistributedCollection.Name)]
[Trait("Backend", "distributed")]
public sealed class ErasureAcrossInstancesTests
{
    [Fact]
    public async Task A_user_erased_on_one_instance_leaves_the_boards_and_live_view_of_the_other()
    {
        var environment = await DistributedBackend.EnvironmentAsync(Json.NewId("erasure"));
        foreach (var (name, value) in PrivacyFixture.Environment())
        {
            environment[name] = value;
        }

        var servers = await Instances.StartAsync(2, environment);
        try
        {
            var (first, second) = (servers[0], servers[1]);
            var victim = Json.NewId("victim");
            for (var i = 0; i < 5; i++)
            {
                await PrivacyFixture.CreditAsync(first, victim, "ACHIEVEMENT", "Victim");
            }

            await PrivacyFixture.CreditAsync(first, victim, "LEVEL_UP");
            var others = new[] { Json.NewId("other"), Json.NewId("other") };
            foreach (var other in others)
            {
                await PrivacyFixture.CreditAsync(second, other, "LEVEL_UP", "Other");
            }

            await using var watcher = await WsClient.ConnectAsync(second, "/ws/scoreboard");
            var frame = await watcher.ReceiveAsync();
            while (!ErasureTests.Shows(frame, victim))
            {
                frame = await watcher.ReceiveAsync();
            }

            foreach (var board in new[] { "global", "levels" })
            {
                Assert.Contains(await PrivacyFixture.BoardAsync(second, board), e => e.User == victim);
            }

            var (status, body) = await ErasureTests.SendDeleteAsync(PrivacyFixture.Admin(first), victim);
            Assert.True(status == 200, body.ToJsonString());

            while (ErasureTests.Shows(frame, victim))
            {
                frame = await watcher.ReceiveAsync();
            }

            foreach (var server in servers)
            {
                foreach (var board in new[] { "global", "levels" })
                {
                    var entries = await PrivacyFixture.BoardAsync(server, board);
                    Assert.DoesNotContain(entries, e => e.User == victim);
                    Assert.All(others, other => Assert.Contains(entries, e => e.User == other));
                }
            }

            var store = StoreScan.OfPostgres(environment["ConnectionStrings__Postgres"]);
            Assert.Empty(await StoreScan.WhereFoundAsync(store, victim));
            await StoreScan.AssertTotalsEqualEventsAsync(store);
        }
        finally
        {
            await Instances.DisposeAsync(servers);
        }
    }
}
