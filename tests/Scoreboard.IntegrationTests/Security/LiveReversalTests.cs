using System.Text.Json.Nodes;
using Scoreboard.IntegrationTests.Infrastructure;
using static Scoreboard.IntegrationTests.Security.SignedBodies;

namespace Scoreboard.IntegrationTests.Security;

/// <summary>A reversal moves the live board like any credit: watchers see the cheater drop.</summary>
[Collection(SecurityCollection.Name)]
public sealed class LiveReversalTests(SecurityFixture fixture)
{
    [Fact]
    public async Task Reversing_a_leaders_credits_pushes_the_board_without_their_points()
    {
        // One credit of each rich type (each has its own cool-down): more than any other user here holds.
        var user = Json.NewId("leader");
        var client = fixture.UserClient(user, "Leader");
        foreach (var (type, points) in new[] { ("ACHIEVEMENT", 200L), ("LEVEL_UP", 100L), ("TASK_COMPLETE", 50L) })
        {
            await Attacks.Expect200(client, "/api/v1/scores/update", Seed002(Guid.NewGuid().ToString(), type, points));
        }

        await Attacks.Expect200(client, "/api/v1/scores/update", Seed000(Guid.NewGuid().ToString(), user));
        await using var watcher = await WsClient.ConnectAsync(fixture.Server, "/ws/scoreboard");
        // The feed coalesces: the snapshot may predate the last credit, an update then follows.
        var board = await watcher.ReceiveAsync();
        while (Score(board, user) != 360)
        {
            board = await watcher.ReceiveAsync();
        }

        var (status, _) = await fixture.AdminClient().PostAsync($"/api/v1/admin/users/{user}/reverse", new JsonObject());
        Assert.Equal(200, status);

        var update = await watcher.ReceiveAsync();
        while (Score(update, user) == 360)
        {
            update = await watcher.ReceiveAsync();
        }

        Assert.Equal("scoreboard_update", (string?)update["type"]);
        Assert.True(Score(update, user) is null or 0, $"after reversal: {update}");
    }

    private static long? Score(JsonNode message, string user) =>
        message["entries"]!.AsArray().FirstOrDefault(e => (string?)e!["userId"] == user) is { } entry ? (long)entry["score"]! : null;
}
