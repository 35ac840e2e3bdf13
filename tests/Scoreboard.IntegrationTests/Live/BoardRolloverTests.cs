using Scoreboard.IntegrationTests.Infrastructure;

namespace Scoreboard.IntegrationTests.Live;

/// <summary>
/// When a period ends, clients following <c>current</c> get the new period's board whole, in the message their
/// channel uses for a snapshot; a client on the ended period's key stays on it, and that period stays readable.
/// </summary>
[Collection(LiveBoardsCollection.Name)]
public sealed class BoardRolloverTests(LiveBoardsFixture boards)
{
    [Fact]
    public async Task Clients_on_current_get_the_new_empty_periods_snapshot_and_a_client_on_the_old_key_does_not()
    {
        var server = boards.Server;
        var (key, endsAt) = await boards.FreshTickAsync(TimeSpan.FromSeconds(6));
        await using var ws004 = await WsClient.ConnectAsync(server, "/ws/scoreboard?boardId=tick");
        await using var ws000 = await WsClient.ConnectAsync(server, "/ws/leaderboard?board=tick&period=current");
        await using var sse = await SseClient.ConnectAsync(server, "/leaderboard/stream?board=tick");
        await using var io = SocketIoNodeClient.Start(server, query: new { board = "tick" });
        await using var pinned = await WsClient.ConnectAsync(server, $"/ws/scoreboard?boardId=tick&period={Uri.EscapeDataString(key)}");
        Assert.Equal("scoreboard_snapshot", (string?)(await ws004.ReceiveAsync())["type"]);
        Assert.Equal("LEADERBOARD", (string?)(await ws000.ReceiveAsync())["type"]);
        await sse.ReceiveAsync();
        await io.ReceiveAsync("event", "leaderboard:update");
        await pinned.ReceiveAsync();

        var user = await boards.CreditNewUserAsync("LEVEL_UP", 60, "ticker");
        Assert.True(DateTimeOffset.UtcNow < endsAt, "the credit must land in the period the clients watch");
        Assert.Equal(60, LiveBoardsFixture.Rows((await ws004.ReceiveAsync())["entries"]!.AsArray())[user]);
        Assert.Equal(60, LiveBoardsFixture.Rows((await pinned.ReceiveAsync())["entries"]!.AsArray())[user]);

        // The period ends within ten seconds: each client on current gets the next period's board, empty, as a snapshot.
        var snapshot = await ws004.ReceiveAsync();
        Assert.Equal("scoreboard_snapshot", (string?)snapshot["type"]);
        Assert.Empty(snapshot["entries"]!.AsArray());
        Assert.True(DateTimeOffset.UtcNow >= endsAt);

        var state = await NextOfTypeAsync(ws000, "LEADERBOARD");
        Assert.Empty(state["data"]!["rankings"]!.AsArray());
        Assert.Empty(await NextSseWithoutAsync(sse, user));
        var update = await io.ReceiveAsync("event", "leaderboard:update");
        while (update["data"]!["leaderboard"]!.AsArray().Count > 0)
        {
            update = await io.ReceiveAsync("event", "leaderboard:update");
        }

        // The client on the old key hears nothing; that period is still read by its key.
        Assert.Null(await pinned.TryReceiveAsync(TimeSpan.FromSeconds(2)));
        var (status, old) = await server.Client.GetJsonAsync($"/scoreboard/top?boardId=tick&period={Uri.EscapeDataString(key)}");
        Assert.Equal(200, status);
        Assert.Equal(60, LiveBoardsFixture.Rows(old["entries"]!.AsArray())[user]);
    }

    [Fact]
    public async Task A_rollover_changes_the_ETag_so_a_revalidation_never_gets_304_for_the_ended_period()
    {
        await boards.FreshTickAsync(TimeSpan.FromSeconds(4));
        await boards.CreditNewUserAsync("LEVEL_UP", 20, "etag");
        using var first = await boards.Server.Client.GetAsync("/scoreboard/top?boardId=tick");
        var etag = first.Headers.ETag!;
        var (_, endsAt) = await boards.CurrentPeriodAsync("tick");
        await Task.Delay(endsAt - DateTimeOffset.UtcNow + TimeSpan.FromMilliseconds(300));

        using var request = new HttpRequestMessage(HttpMethod.Get, "/scoreboard/top?boardId=tick");
        request.Headers.IfNoneMatch.Add(etag);
        using var after = await boards.Server.Client.SendAsync(request);

        Assert.Equal(200, (int)after.StatusCode);
        Assert.NotEqual(etag, after.Headers.ETag);
        Assert.Empty((await Json.ReadAsync(after))["entries"]!.AsArray());
    }

    private static async Task<System.Text.Json.Nodes.JsonNode> NextOfTypeAsync(WsClient client, string type)
    {
        var message = await client.ReceiveAsync();
        while ((string?)message["type"] != type)
        {
            message = await client.ReceiveAsync();
        }

        return message;
    }

    /// <summary>The rows of the first SSE board that no longer holds <paramref name="user"/>: the new period's.</summary>
    private static async Task<Dictionary<string, long>> NextSseWithoutAsync(SseClient sse, string user)
    {
        while (true)
        {
            var rows = LiveBoardsFixture.Rows((await sse.ReceiveAsync()).Data["data"]!.AsArray(), "user_id");
            if (!rows.ContainsKey(user))
            {
                return rows;
            }
        }
    }
}
