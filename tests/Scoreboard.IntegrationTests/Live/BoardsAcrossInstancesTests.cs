using Scoreboard.IntegrationTests.Distributed;
using Scoreboard.IntegrationTests.Infrastructure;

namespace Scoreboard.IntegrationTests.Live;

/// <summary>In distributed mode the bus carries the board: a credit on one instance reaches another's board watchers and cached reads.</summary>
[Collection(DistributedCollection.Name)]
[Trait("Backend", "distributed")]
public sealed class BoardsAcrossInstancesTests
{
    [Fact]
    public async Task A_credit_on_one_instance_is_pushed_on_its_board_by_another_and_in_its_cached_reads()
    {
        var environment = await DistributedBackend.EnvironmentAsync(Json.NewId("live-boards"));
        foreach (var (name, value) in LiveBoardsFixture.Environment())
        {
            environment[name] = value;
        }

        var servers = await Instances.StartAsync(2, environment);
        try
        {
            await using var levels = await WsClient.ConnectAsync(servers[1], "/ws/scoreboard?boardId=levels");
            await using var tasks = await WsClient.ConnectAsync(servers[1], "/ws/scoreboard?boardId=tasks");
            await levels.ReceiveAsync();
            await tasks.ReceiveAsync();
            using var reader = servers[1].CreateClient();
            await reader.GetAsync("/scoreboard/top?boardId=levels");

            using var service = servers[0].CreateServiceClient();
            var user = await LiveBoardsFixture.CreditNewUserAsync(service, "LEVEL_UP", 80, "across");

            Assert.Equal(80, LiveBoardsFixture.Rows((await levels.ReceiveAsync())["entries"]!.AsArray())[user]);
            Assert.Null(await tasks.TryReceiveAsync(TimeSpan.FromSeconds(1)));
            await Waiting.UntilAsync(async () => (await reader.GetStringAsync("/scoreboard/top?boardId=levels")).Contains(user, StringComparison.Ordinal),
                TimeSpan.FromSeconds(5), "the credit in the other instance's cached read");
        }
        finally
        {
            await Instances.DisposeAsync(servers);
        }
    }
}
