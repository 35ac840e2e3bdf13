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
    public async Task Seed000_connection_with_a_user_token_gets_its_own_updates_off_the_board()
    {
        var user = Json.NewId("watcher");
        await using var client = await WsClient.ConnectAsync(live.Server, $"/ws/leaderboard?access_token={LiveServerFixture.Token(user)}");
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
    public async Task A_connection_never_receives_another_users_personal_SCORE_UPDATE()
    {
        var (me, other) = (Json.NewId("me"), Json.NewId("other"));
        await using var mine = await WsClient.ConnectAsync(live.Server, $"/ws/leaderboard?access_token={LiveServerFixture.Token(me)}");
        await using var theirs = await WsClient.ConnectAsync(live.Server, $"/ws/leaderboard?access_token={LiveServerFixture.Token(other)}");
        await mine.ReceiveAsync();
        await theirs.ReceiveAsync();

        await live.CreditAsync(other);
        var theirOwn = await theirs.ReceiveAsync();
        while ((string?)theirOwn["data"]!["userId"] != other)
        {
            theirOwn = await theirs.ReceiveAsync();
        }

        var score = await live.CreditAsync(me);

        // The other user's update went out before this one; board rows may arrive here, the other user's update never.
        var own = await mine.ReceiveAsync();
        while ((string?)own["data"]!["userId"] != me)
        {
            Assert.NotEqual(other, (string?)own["data"]!["userId"]);
            own = await mine.ReceiveAsync();
        }

        Assert.Equal(score, (long)own["data"]!["newScore"]!);
    }

    [Fact]
    public async Task A_userId_parameter_without_its_token_is_refused_before_the_upgrade()
    {
        var victim = Json.NewId("victim");
        var intruder = LiveServerFixture.Token(Json.NewId("intruder"));

        Assert.Equal(400, await WsClient.RefusalStatusAsync(live.Server, $"/ws/leaderboard?userId={victim}"));
        Assert.Equal(400, await WsClient.RefusalStatusAsync(live.Server, $"/ws/leaderboard?userId={victim}&access_token={intruder}"));
        Assert.Equal(400, await WsClient.RefusalStatusAsync(live.Server, "/ws/leaderboard?userId=%3Cscript%3E"));
    }

    [Fact]
    public async Task An_invalid_user_token_is_refused_before_the_upgrade()
    {
        var forged = Security.TestTokens.Hs256("not-the-server-secret-0123456789abcdef", Security.TestTokens.Claims("intruder", issuer: null, audience: null, permission: null));

        Assert.Equal(401, await WsClient.RefusalStatusAsync(live.Server, $"/ws/leaderboard?access_token={forged}"));
    }
}
