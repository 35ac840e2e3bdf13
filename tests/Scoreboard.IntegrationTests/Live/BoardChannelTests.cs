using Scoreboard.IntegrationTests.Infrastructure;

namespace Scoreboard.IntegrationTests.Live;

/// <summary>Every live channel watches the board its client names: that board's pushes reach it, other boards' do not.</summary>
[Collection(LiveBoardsCollection.Name)]
public sealed class BoardChannelTests(LiveBoardsFixture boards)
{
    [Fact]
    public async Task WebSocket_SSE_and_SocketIO_clients_on_a_board_get_its_pushes_and_not_another_boards()
    {
        var server = boards.Server;
        await using var ws = await WsClient.ConnectAsync(server, "/ws/scoreboard?boardId=levels");
        await using var sse = await SseClient.ConnectAsync(server, "/leaderboard/stream?board=levels");
        await using var io = SocketIoNodeClient.Start(server, query: new { board = "levels" });
        await using var global = await WsClient.ConnectAsync(server, "/ws/scoreboard");
        Assert.Equal("scoreboard_snapshot", (string?)(await ws.ReceiveAsync())["type"]);
        await sse.ReceiveAsync();
        await io.ReceiveAsync("event", "leaderboard:update");
        await global.ReceiveAsync();

        // A task credit moves global and tasks, not levels: the levels clients' very next push is the level credit's.
        var tasker = await boards.CreditNewUserAsync("TASK_COMPLETE", 40, "tasker");
        Assert.Contains(tasker, LiveBoardsFixture.Rows((await global.ReceiveAsync())["entries"]!.AsArray()).Keys);
        var leveller = await boards.CreditNewUserAsync("LEVEL_UP", 100, "leveller");

        var wsRows = LiveBoardsFixture.Rows((await ws.ReceiveAsync())["entries"]!.AsArray());
        var sseRows = LiveBoardsFixture.Rows((await sse.ReceiveAsync()).Data["data"]!.AsArray(), "user_id");
        var ioRows = LiveBoardsFixture.Rows((await io.ReceiveAsync("event"))["data"]!["leaderboard"]!.AsArray());
        foreach (var rows in new[] { wsRows, sseRows, ioRows })
        {
            Assert.Equal(100, rows[leveller]);
            Assert.DoesNotContain(tasker, rows.Keys);
        }
    }

    [Fact]
    public async Task A_SocketIO_client_names_its_board_in_the_connect_auth()
    {
        await using var io = SocketIoNodeClient.Start(boards.Server, auth: new { board = "tasks" });
        await io.ReceiveAsync("event", "leaderboard:update");

        var leveller = await boards.CreditNewUserAsync("LEVEL_UP", 90, "leveller");
        var tasker = await boards.CreditNewUserAsync("TASK_COMPLETE", 50, "tasker");

        var update = await io.ReceiveAsync("event");
        Assert.Equal("leaderboard:update", (string?)update["name"]);
        var rows = LiveBoardsFixture.Rows(update["data"]!["leaderboard"]!.AsArray());
        Assert.Equal(50, rows[tasker]);
        Assert.DoesNotContain(leveller, rows.Keys);
    }

    [Fact]
    public async Task Per_user_events_on_a_board_refer_to_that_board()
    {
        var user = await boards.CreditNewUserAsync("TASK_COMPLETE", 30, "own");
        await using var io = SocketIoNodeClient.Start(boards.Server, LiveServerFixture.Token(user), query: new { board = "levels" });
        await io.ReceiveAsync("event", "leaderboard:update");

        var (status, _) = await boards.Service.PostAsync("/scores/increment", new { userId = user, actionId = Json.NewId("a"), actionType = "LEVEL_UP", value = 7 });
        Assert.Equal(200, status);

        // On levels the user has 7 (a first credit there), not global's 37.
        var updated = await io.ReceiveAsync("event", "score:updated");
        Assert.Equal(user, (string?)updated["data"]!["userId"]);
        Assert.Equal(7, (long)updated["data"]!["newScore"]!);
    }

    [Theory]
    [InlineData("/leaderboard/stream?board=no-such-board", 404, "BOARD_NOT_FOUND")]
    [InlineData("/channels/public:leaderboard?board=Bad!", 400, "INVALID_BOARD")]
    [InlineData("/leaderboard/stream?board=levels&period=2026-11-30", 400, "INVALID_PERIOD")]
    [InlineData("/channels/public:leaderboard?period=previous", 400, "INVALID_PERIOD")]
    [InlineData("/leaderboard/stream?board=tick&period=2000-01-01T00:00:00%2B00:00", 404, "PERIOD_NOT_FOUND")]
    [InlineData("/socket.io/?EIO=4&transport=polling&board=no-such-board", 404, "BOARD_NOT_FOUND")]
    public async Task A_live_channel_naming_a_bad_board_or_period_is_refused_before_it_opens(string path, int status, string code)
    {
        using var response = await boards.Server.Client.GetAsync(path);

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal(code, (string?)(await Json.ReadAsync(response))["error"]!["code"]);
    }

    [Theory]
    [InlineData("/ws/scoreboard?boardId=no-such-board", 404)]
    [InlineData("/ws/leaderboard?board=levels&period=previous", 400)]
    [InlineData("/socket.io/?EIO=4&transport=websocket&board=no-such-board", 404)]
    public async Task A_WebSocket_upgrade_naming_a_bad_board_or_period_is_refused(string path, int status)
    {
        Assert.Equal(status, await WsClient.RefusalStatusAsync(boards.Server, path));
    }
}
