using Scoreboard.IntegrationTests.Infrastructure;

namespace Scoreboard.IntegrationTests.Live;

[Collection(LiveServerCollection.Name)]
public sealed class PollingChannelTests(LiveServerFixture live)
{
    private const string Path = "/api/v1/scores/leaderboard/changes";

    [Fact]
    public async Task Changes_since_lastUpdated_are_none_until_the_top_10_changes()
    {
        var (status, first) = await live.Server.Client.GetJsonAsync(Path);
        Assert.Equal(200, status);
        Assert.True((bool)first["data"]!["hasChanges"]!);
        var since = (string)first["data"]!["lastUpdated"]!;

        await live.CreditOffBoardAndWaitAsync(Json.NewId("bystander"));
        var (_, none) = await live.Server.Client.GetJsonAsync($"{Path}?since={Uri.EscapeDataString(since)}");
        Assert.False((bool)none["data"]!["hasChanges"]!);
        Assert.Null(none["data"]!["leaderboard"]);

        var leader = live.Leaders[9];
        var score = await live.CreditAsync(leader);
        await live.CreditOffBoardAndWaitAsync(Json.NewId("bystander"));
        var (_, changed) = await live.Server.Client.GetJsonAsync($"{Path}?since={Uri.EscapeDataString(since)}");
        Assert.True((bool)changed["data"]!["hasChanges"]!);
        Assert.Equal(score, LiveServerFixture.Scores(changed["data"]!["leaderboard"]!.AsArray(), "userId")[leader]);
    }

    [Fact]
    public async Task Malformed_since_is_refused_with_400()
    {
        var (status, body) = await live.Server.Client.GetJsonAsync($"{Path}?since=yesterday");

        Assert.Equal(400, status);
        Assert.False((bool)body["success"]!);
        Assert.Equal("INVALID_REQUEST", (string?)body["error"]!["code"]);
    }

    [Fact]
    public async Task Health_reports_the_websocket_service_active()
    {
        var (status, body) = await live.Server.Client.GetJsonAsync("/health");

        Assert.Equal(200, status);
        Assert.Equal("active", (string?)body["services"]!["websocket"]);
    }

    [Fact]
    public async Task Demo_endpoint_is_off_unless_configured()
    {
        var before = await live.TopAsync();

        var (status, _) = await live.Server.Client.PostAsync("/api/v1/demo/play", new { name = "Mallory" });
        using var probe = await live.Server.Client.GetAsync("/api/v1/demo");

        Assert.Equal(404, status);
        Assert.Equal(404, (int)probe.StatusCode);
        Assert.Equal(before, await live.TopAsync());
    }
}
