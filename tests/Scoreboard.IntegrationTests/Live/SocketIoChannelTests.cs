using Scoreboard.IntegrationTests.Infrastructure;
using Scoreboard.IntegrationTests.Security;

namespace Scoreboard.IntegrationTests.Live;

/// <summary>002's Socket.IO channel, driven by the published npm socket.io-client with its default options.</summary>
[Collection(LiveServerCollection.Name)]
public sealed class SocketIoChannelTests(LiveServerFixture live)
{
    [Fact]
    public async Task Client_connects_by_long_polling_then_upgrades_to_WebSocket()
    {
        await using var client = SocketIoNodeClient.Start(live.Server);

        var opened = await client.ReceiveAsync("open");
        Assert.Equal("polling", (string?)opened["transport"]);
        var upgraded = await client.ReceiveAsync("upgrade");
        Assert.Equal("websocket", (string?)upgraded["transport"]);
    }

    [Fact]
    public async Task Client_gets_the_board_then_leaderboard_update_only_when_the_top_10_changes()
    {
        await using var client = SocketIoNodeClient.Start(live.Server);
        var first = await client.ReceiveAsync("event", "leaderboard:update");
        Assert.Equal(await live.TopAsync(), LiveServerFixture.Scores(first["data"]!["leaderboard"]!.AsArray(), "userId"));

        await live.CreditOffBoardAndWaitAsync(Json.NewId("bystander"));
        var leader = live.Leaders[8];
        var score = await live.CreditAsync(leader);

        // The very next event: nothing was pushed for the off-board credit.
        var update = await client.ReceiveAsync("event");
        Assert.Equal("leaderboard:update", (string?)update["name"]);
        Assert.Equal(score, LiveServerFixture.Scores(update["data"]!["leaderboard"]!.AsArray(), "userId")[leader]);
        Assert.True((long)update["data"]!["sequence"]! > (long)first["data"]!["sequence"]!);
    }

    [Fact]
    public async Task Own_user_identified_by_the_auth_token_gets_score_updated_and_rank_changed()
    {
        var user = Json.NewId("player");
        await live.CreditAsync(user);
        await using var client = SocketIoNodeClient.Start(live.Server, LiveServerFixture.Token(user));
        await client.ReceiveAsync("event", "leaderboard:update");

        var score = await live.CreditAsync(user);

        var updated = await client.ReceiveAsync("event", "score:updated");
        Assert.Equal(user, (string?)updated["data"]!["userId"]);
        Assert.Equal(score, (long)updated["data"]!["newScore"]!);
        Assert.Equal(10, (long)updated["data"]!["increment"]!);
        var moved = await client.ReceiveAsync("event", "rank:changed");
        Assert.Equal(user, (string?)moved["data"]!["userId"]);
        Assert.True((long)moved["data"]!["newRank"]! < (long)moved["data"]!["oldRank"]!);
    }

    [Fact]
    public async Task Another_users_score_updated_and_rank_changed_never_reach_a_connection()
    {
        var (me, other) = (Json.NewId("me"), Json.NewId("other"));
        await live.CreditAsync(me);
        await live.CreditAsync(other);
        await using var mine = SocketIoNodeClient.Start(live.Server, LiveServerFixture.Token(me));
        await using var theirs = SocketIoNodeClient.Start(live.Server, LiveServerFixture.Token(other));
        await mine.ReceiveAsync("event", "leaderboard:update");
        await theirs.ReceiveAsync("event", "leaderboard:update");

        await live.CreditAsync(other);
        Assert.Equal(other, (string?)(await theirs.ReceiveAsync("event", "score:updated"))["data"]!["userId"]);
        var score = await live.CreditAsync(me);

        // The other user's events were sent before this one; none of them came here.
        var updated = await mine.ReceiveAsync("event", "score:updated");
        Assert.Equal(me, (string?)updated["data"]!["userId"]);
        Assert.Equal(score, (long)updated["data"]!["newScore"]!);
        Assert.Equal(me, (string?)(await mine.ReceiveAsync("event", "rank:changed"))["data"]!["userId"]);
    }

    [Fact]
    public async Task An_invalid_auth_token_is_refused_with_CONNECT_ERROR()
    {
        var forged = TestTokens.Hs256("not-the-server-secret-0123456789abcdef", TestTokens.Claims("intruder", issuer: null, audience: null, permission: null));
        await using var client = SocketIoNodeClient.Start(live.Server, forged);

        var refused = await client.ReceiveAsync("connect_error");

        Assert.Contains("user token is not valid", (string?)refused["message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unsupported_Engine_IO_version_is_refused()
    {
        using var response = await live.Server.Client.GetAsync("/socket.io/?EIO=3&transport=polling");

        Assert.Equal(400, (int)response.StatusCode);
        Assert.Equal(5, (int)(await Json.ReadAsync(response))["code"]!);
    }
}
