using Scoreboard.IntegrationTests.Infrastructure;

namespace Scoreboard.IntegrationTests;

[Collection(ServerCollection.Name)]
public sealed class Seed004ApiTests(ServerFixture fixture)
{
    private readonly HttpClient _service = fixture.Server.CreateServiceClient();

    [Fact]
    public async Task Increment_applies_the_catalog_points_once()
    {
        var user = Json.NewId("user");
        var action = Json.NewId("action");

        var (status, first) = await _service.PostAsync("/scores/increment", new { userId = user, actionId = action, reason = "ACTION_COMPLETED" });

        Assert.Equal(200, status);
        Assert.Equal(user, (string?)first["userId"]);
        Assert.Equal(10, (long)first["newScore"]!);
        Assert.Equal(10, (long)first["delta"]!);
        Assert.True((bool)first["applied"]!);
        Assert.Equal(action, (string?)first["actionId"]);
    }

    [Fact]
    public async Task Increment_with_reused_action_id_is_not_applied_twice()
    {
        var user = Json.NewId("user");
        var action = Json.NewId("action");
        await _service.PostAsync("/scores/increment", new { userId = user, actionId = action });

        var (status, again) = await _service.PostAsync("/scores/increment", new { userId = user, actionId = action });

        Assert.Equal(200, status);
        Assert.False((bool)again["applied"]!);
        Assert.Equal(0, (long)again["delta"]!);
        Assert.Equal(10, (long)again["newScore"]!);
        var (_, stored) = await _service.GetJsonAsync($"/api/v1/scores/user/{user}");
        Assert.Equal(10, (long)stored["data"]!["score"]!);
    }
}
