using Scoreboard.IntegrationTests.Infrastructure;

namespace Scoreboard.IntegrationTests.Live;

[Collection(LiveServerCollection.Name)]
public sealed class WebSocketChannelTests(LiveServerFixture live)
{
    [Fact]
    public async Task Seed004_scoreboard_sends_a_snapshot_then_an_update_only_when_the_top_10_changes()
    {
        await using var client = await WsClient.ConnectAsync(live.Server, "/ws/scoreboard");
        var snapshot = await client.ReceiveAsync();
        Assert.Equal("scoreboard_snapshot", (string?)snapshot["type"]);
        Assert.Equal(await live.TopAsync(), LiveServerFixture.Scores(snapshot["entries"]!.AsArray(), "userId"));

        await live.CreditOffBoardAndWaitAsync(Json.NewId("bystander"));
        var leader = live.Leaders[3];
        var score = await live.CreditAsync(leader);

        // The first message after the snapshot is the leader's credit: the off-board credit pushed nothing.
        var update = await client.ReceiveAsync();
        Assert.Equal("scoreboard_update", (string?)update["type"]);
        Assert.Equal(score, LiveServerFixture.Scores(update["entries"]!.AsArray(), "userId")[leader]);
        Assert.True((long)update["sequence"]! > (long)snapshot["sequence"]!);
    }

    [Fact]
    public async Task Seed000_leaderboard_sends_full_state_on_connect_then_SCORE_UPDATE_for_changed_rows()
    {
        await using var client = await WsClient.ConnectAsync(live.Server, "/ws/leaderboard");
        var state = await client.ReceiveAsync();
        Assert.Equal("LEADERBOARD", (string?)state["type"]);
        Assert.Equal(await live.TopAsync(), LiveServerFixture.Scores(state["data"]!["rankings"]!.AsArray(), "userId"));

        var bystander = Json.NewId("bystander");
        await live.CreditOffBoardAndWaitAsync(bystander);
        var leader = live.Leaders[5];
        var score = await live.CreditAsync(leader);

        var update = await client.ReceiveAsync();
        Assert.Equal("SCORE_UPDATE", (string?)update["type"]);
        while ((string?)update["data"]!["userId"] != leader)
        {
            Assert.NotEqual(bystander, (string?)update["data"]!["userId"]);
            update = await client.ReceiveAsync();
        }

        Assert.Equal(score, (long)update["data"]!["newScore"]!);
        Assert.InRange((long)update["data"]!["rank"]!, 1, LiveServerFixture.BoardUsers);
    }

    [Fact]
    public async Task Seed000_connection_with_userId_gets_its_own_updates_off_the_board()
    {
        var user = Json.NewId("watcher");
        await using var client = await WsClient.ConnectAsync(live.Server, $"/ws/leaderboard?userId={user}");
        await client.ReceiveAsync();

        var score = await live.CreditAsync(user);

        var own = await client.ReceiveAsync();
        Assert.Equal("SCORE_UPDATE", (string?)own["type"]);
        Assert.Equal(user, (string?)own["data"]!["userId"]);
        Assert.Equal(score, (long)own["data"]!["newScore"]!);
    }

    [Fact]
    public async Task Seed003_public_leaderboard_over_WebSocket_pushes_top_10_on_change_only()
    {
        await using var client = await WsClient.ConnectAsync(live.Server, "/channels/public:leaderboard");
        var first = await client.ReceiveAsync();
        Assert.Equal(LiveServerFixture.BoardUsers, first["top_10"]!.AsArray().Count);
        Assert.True((long)first["timestamp"]! > 1_600_000_000);

        await live.CreditOffBoardAndWaitAsync(Json.NewId("bystander"));
        var score = await live.CreditAsync(live.Leaders[7]);

        var update = await client.ReceiveAsync();
        Assert.Equal(score, LiveServerFixture.Scores(update["top_10"]!.AsArray(), "username")[live.Leaders[7]]);
        Assert.True((long)update["sequence"]! > (long)first["sequence"]!);
    }

    [Fact]
    public async Task Plain_GET_on_a_WebSocket_path_is_refused_with_400()
    {
        using var response = await live.Server.Client.GetAsync("/ws/scoreboard");

        Assert.Equal(400, (int)response.StatusCode);
        Assert.Equal("INVALID_REQUEST", (string?)(await Json.ReadAsync(response))["error"]!["code"]);
    }

    [Fact]
    public async Task Invalid_userId_is_refused_before_the_upgrade()
    {
        Assert.Equal(400, await WsClient.RefusalStatusAsync(live.Server, "/ws/leaderboard?userId=%3Cscript%3E"));
    }
}
