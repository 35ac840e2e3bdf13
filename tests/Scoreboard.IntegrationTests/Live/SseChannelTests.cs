using System.Globalization;
using Scoreboard.IntegrationTests.Infrastructure;

namespace Scoreboard.IntegrationTests.Live;

[Collection(LiveServerCollection.Name)]
public sealed class SseChannelTests(LiveServerFixture live)
{
    [Fact]
    public async Task Seed001_stream_sends_the_board_then_leaderboard_update_only_when_the_top_10_changes()
    {
        await using var stream = await SseClient.ConnectAsync(live.Server, "/leaderboard/stream");
        var first = await stream.ReceiveAsync();
        Assert.Equal("leaderboard_update", first.Name);
        Assert.Equal(await live.TopAsync(), LiveServerFixture.Scores(first.Data["data"]!.AsArray(), "user_id"));

        await live.CreditOffBoardAndWaitAsync(Json.NewId("bystander"));
        var leader = live.Leaders[1];
        var score = await live.CreditAsync(leader);

        var update = await stream.ReceiveAsync();
        Assert.Equal("leaderboard_update", update.Name);
        Assert.Equal(score, LiveServerFixture.Scores(update.Data["data"]!.AsArray(), "user_id")[leader]);
        Assert.True(Id(update) > Id(first));
    }

    [Fact]
    public async Task Seed001_reconnect_with_an_old_Last_Event_ID_gets_the_current_board_at_once()
    {
        string oldId;
        await using (var stream = await SseClient.ConnectAsync(live.Server, "/leaderboard/stream"))
        {
            oldId = (await stream.ReceiveAsync()).Id!;
        }

        // Missed while disconnected.
        var leader = live.Leaders[2];
        var score = await live.CreditAsync(leader);
        await live.CreditOffBoardAndWaitAsync(Json.NewId("bystander"));

        await using var resumed = await SseClient.ConnectAsync(live.Server, "/leaderboard/stream", oldId);
        var current = await resumed.ReceiveAsync();
        Assert.Equal(score, LiveServerFixture.Scores(current.Data["data"]!.AsArray(), "user_id")[leader]);
        Assert.True(Id(current) > long.Parse(oldId, CultureInfo.InvariantCulture), "the client can tell from the ids that it missed updates");
    }

    [Fact]
    public async Task Seed001_reconnect_with_the_current_Last_Event_ID_is_not_sent_the_same_board_again()
    {
        string currentId;
        await using (var stream = await SseClient.ConnectAsync(live.Server, "/leaderboard/stream"))
        {
            currentId = (await stream.ReceiveAsync()).Id!;
        }

        await using var resumed = await SseClient.ConnectAsync(live.Server, "/leaderboard/stream", currentId);
        var leader = live.Leaders[4];
        var score = await live.CreditAsync(leader);

        var next = await resumed.ReceiveAsync();
        Assert.True(Id(next) > long.Parse(currentId, CultureInfo.InvariantCulture));
        Assert.Equal(score, LiveServerFixture.Scores(next.Data["data"]!.AsArray(), "user_id")[leader]);
    }

    [Fact]
    public async Task Seed003_public_leaderboard_over_SSE_pushes_top_10_on_change_only()
    {
        await using var stream = await SseClient.ConnectAsync(live.Server, "/channels/public:leaderboard");
        var first = await stream.ReceiveAsync();
        Assert.Equal("message", first.Name);
        Assert.Equal(LiveServerFixture.BoardUsers, first.Data["top_10"]!.AsArray().Count);

        await live.CreditOffBoardAndWaitAsync(Json.NewId("bystander"));
        var leader = live.Leaders[6];
        var score = await live.CreditAsync(leader);

        var update = await stream.ReceiveAsync();
        Assert.Equal(score, LiveServerFixture.Scores(update.Data["top_10"]!.AsArray(), "username")[leader]);
        Assert.True(Id(update) > Id(first));
    }

    private static long Id(SseEvent e) => long.Parse(e.Id!, CultureInfo.InvariantCulture);
}
