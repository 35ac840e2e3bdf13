using System.Net.Http.Headers;
using Scoreboard.IntegrationTests.Infrastructure;
using Scoreboard.IntegrationTests.Live;

namespace Scoreboard.IntegrationTests.Boards;

/// <summary>The seed reads take <c>board</c> (004's also <c>boardId</c>) and <c>period</c>; without them they read <c>global</c> as before.</summary>
[Collection(LiveBoardsCollection.Name)]
public sealed class SeedBoardReadsTests(LiveBoardsFixture boards)
{
    private HttpClient Reader => boards.Server.Client;

    [Fact]
    public async Task Every_seed_read_answers_the_board_it_names_and_global_without_one()
    {
        var leveller = await boards.CreditNewUserAsync("LEVEL_UP", 100, "reads");
        var tasker = await boards.CreditNewUserAsync("TASK_COMPLETE", 50, "reads");
        using var userClient = boards.Server.CreateClient();
        userClient.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", LiveServerFixture.Token(leveller));

        var reads = new (HttpClient Client, string Path, Func<System.Text.Json.Nodes.JsonNode, Dictionary<string, long>> Rows)[]
        {
            (Reader, "/scoreboard/top?limit=50", b => LiveBoardsFixture.Rows(b["entries"]!.AsArray())),
            (Reader, "/leaderboard?limit=100", b => LiveBoardsFixture.Rows(b["data"]!.AsArray(), "user_id")),
            (Reader, "/api/v1/scores/leaderboard?limit=100", b => LiveBoardsFixture.Rows(b["data"]!["leaderboard"]!.AsArray())),
            (userClient, "/api/v1/leaderboard?limit=100", b => b["rankings"]!.AsArray().ToDictionary(r => (string)r!["userId"]!, r => (long)r!["score"]!)),
        };
        foreach (var (client, path, rows) in reads)
        {
            var onLevels = rows((await client.GetJsonAsync($"{path}&board=levels")).Body);
            Assert.Equal(100, onLevels[leveller]);
            Assert.DoesNotContain(tasker, onLevels.Keys);
            Assert.Equal(50, rows((await client.GetJsonAsync($"{path}&board=tasks")).Body)[tasker]);
            var onGlobal = rows((await client.GetJsonAsync(path)).Body);
            Assert.True(onGlobal.ContainsKey(leveller) && onGlobal.ContainsKey(tasker), path);
        }

        Assert.Equal(100, LiveBoardsFixture.Rows((await Reader.GetJsonAsync("/scoreboard/top?boardId=levels&limit=50")).Body["entries"]!.AsArray())[leveller]);
        var (found, user) = await Reader.GetJsonAsync($"/api/v1/scores/user/{tasker}?board=tasks&period=current");
        Assert.Equal((200, 50L), (found, (long)user["data"]!["score"]!));
        Assert.Equal(404, (await Reader.GetJsonAsync($"/api/v1/scores/user/{tasker}?board=levels")).Status);
    }

    [Fact]
    public async Task The_tick_boards_period_is_read_by_current_and_by_its_key()
    {
        await boards.FreshTickAsync(TimeSpan.FromSeconds(7));
        var user = await boards.CreditNewUserAsync("LEVEL_UP", 33, "period");

        // The period the credit fell in, as the boards API says; on a slow machine it may already have ended.
        var newest = (await Reader.GetJsonAsync("/api/v1/boards/tick/periods")).Body["periods"]!.AsArray().Take(2).Select(p => (string)p!["key"]!);
        string? key = null;
        foreach (var candidate in newest)
        {
            key ??= (await Reader.GetJsonAsync($"/api/v1/boards/tick/users/{user}?period={Uri.EscapeDataString(candidate)}")).Status == 200 ? candidate : null;
        }

        Assert.NotNull(key);
        var periods = new List<string> { Uri.EscapeDataString(key) };
        if ((await boards.CurrentPeriodAsync("tick")).Key == key)
        {
            periods.Add("current");
        }

        foreach (var period in periods)
        {
            var (status, body) = await Reader.GetJsonAsync($"/api/v1/scores/leaderboard?board=tick&period={period}");
            Assert.Equal(200, status);
            Assert.Equal(33, LiveBoardsFixture.Rows(body["data"]!["leaderboard"]!.AsArray())[user]);
        }
    }

    [Theory]
    [InlineData("/scoreboard/top?boardId=no-such-board", 404, "BOARD_NOT_FOUND")]
    [InlineData("/scoreboard/top?board=levels&boardId=tasks", 400, "INVALID_REQUEST")]
    [InlineData("/leaderboard?board=Bad!", 400, "INVALID_BOARD")]
    [InlineData("/api/v1/scores/leaderboard?period=previous", 400, "INVALID_PERIOD")]
    [InlineData("/api/v1/scores/user/someone?board=tick&period=2000-01-01T00:00:00%2B00:00", 404, "PERIOD_NOT_FOUND")]
    [InlineData("/api/v1/scores/leaderboard/changes?board=no-such-board", 404, "BOARD_NOT_FOUND")]
    public async Task A_bad_board_or_period_gets_the_boards_code_in_the_dialects_own_envelope(string path, int status, string code)
    {
        var (got, body) = await Reader.GetJsonAsync(path);

        Assert.Equal(status, got);
        var error = body["error"]!;
        Assert.Equal(code, (string?)error["code"]);
        if (path.StartsWith("/api/v1/scores", StringComparison.Ordinal))
        {
            Assert.False((bool)body["success"]!);
        }
        else if (path.StartsWith("/leaderboard", StringComparison.Ordinal))
        {
            Assert.Equal("error", (string?)body["status"]);
        }
    }

    [Fact]
    public async Task Seed_000s_leaderboard_refuses_a_bad_board_in_its_own_envelope()
    {
        using var client = boards.Server.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", LiveServerFixture.Token(Json.NewId("reader")));
        var (status, body) = await client.GetJsonAsync("/api/v1/leaderboard?board=no-such-board");

        Assert.Equal(404, status);
        Assert.False((bool)body["success"]!);
        Assert.Equal("BOARD_NOT_FOUND", (string?)body["code"]);
    }

    [Fact]
    public async Task The_polling_fallback_answers_the_board_it_names()
    {
        var leveller = await boards.CreditNewUserAsync("LEVEL_UP", 99, "poll");
        var tasker = await boards.CreditNewUserAsync("TASK_COMPLETE", 44, "poll");

        await Waiting.UntilAsync(async () =>
        {
            var (_, body) = await Reader.GetJsonAsync("/api/v1/scores/leaderboard/changes?board=levels");
            var rows = LiveBoardsFixture.Rows(body["data"]!["leaderboard"]!.AsArray());
            return rows.GetValueOrDefault(leveller) == 99 && !rows.ContainsKey(tasker);
        }, TimeSpan.FromSeconds(10), "the levels board in the polling reply");
    }
}
