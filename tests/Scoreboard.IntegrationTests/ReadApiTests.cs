using Scoreboard.IntegrationTests.Infrastructure;

namespace Scoreboard.IntegrationTests;

[Collection(ServerCollection.Name)]
public sealed class ReadApiTests(ServerFixture fixture)
{
    private readonly HttpClient _service = fixture.Server.CreateServiceClient();

    [Fact]
    public async Task Top_has_seed_004s_shape_ranked_by_score()
    {
        var (status, top) = await _service.GetJsonAsync("/scoreboard/top?limit=5");

        Assert.Equal(200, status);
        var entries = top["entries"]!.AsArray();
        Assert.InRange(entries.Count, 0, 5);
        Assert.Equal(Enumerable.Range(1, entries.Count).Select(i => (long)i), entries.Select(e => (long)e!["rank"]!));
        Assert.Equal(entries.Select(e => (long)e!["score"]!).OrderDescending(), entries.Select(e => (long)e!["score"]!));
        Assert.All(entries, e => Assert.NotNull((string?)e!["displayName"]));
        Assert.EndsWith("Z", (string?)top["generatedAt"]);
    }

    [Fact]
    public async Task Default_top_is_ten_and_limit_is_capped_at_fifty()
    {
        for (var i = 0; i < 12; i++)
        {
            await _service.PostAsync("/scores/increment", new { userId = Json.NewId("filler"), actionId = Json.NewId("a") });
        }

        var (_, top) = await _service.GetJsonAsync("/scoreboard/top");
        var (status, capped) = await _service.GetJsonAsync("/scoreboard/top?limit=50");

        Assert.Equal(10, top["entries"]!.AsArray().Count);
        Assert.Equal(200, status);
        Assert.InRange(capped["entries"]!.AsArray().Count, 12, 50);
    }

    [Fact]
    public async Task User_score_and_rank_agree_with_the_leaderboard_page()
    {
        var user = Json.NewId("user");
        await _service.PostAsync("/scores", new { user_id = user, action_id = "LEVEL_UP", username = "Climber" });

        var (status, found) = await _service.GetJsonAsync($"/api/v1/scores/user/{user}");
        var rank = (int)found["data"]!["rank"]!;
        var (_, page) = await _service.GetJsonAsync($"/api/v1/scores/leaderboard?limit=1&offset={rank - 1}");

        Assert.Equal(200, status);
        Assert.True((bool)found["success"]!);
        Assert.Equal(100, (long)found["data"]!["score"]!);
        Assert.Equal("Climber", (string?)found["data"]!["username"]);
        var row = page["data"]!["leaderboard"]![0]!;
        Assert.Equal(user, (string?)row["userId"]);
        Assert.Equal(rank, (int)row["rank"]!);
        // A page past offset 0 is read from the index, not the read cache, and says so.
        Assert.False((bool)page["data"]!["cacheHit"]!);
    }

    [Fact]
    public async Task Unknown_user_is_not_found_with_a_clear_error()
    {
        var (status, body) = await _service.GetJsonAsync("/api/v1/scores/user/nobody_ever");

        Assert.Equal(404, status);
        Assert.False((bool)body["success"]!);
        Assert.Equal("USER_NOT_FOUND", (string?)body["error"]!["code"]);
        Assert.Contains("nobody_ever", (string?)body["error"]!["message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Around_me_window_is_centred_on_the_user()
    {
        var user = Json.NewId("user");
        await _service.PostAsync("/scores/increment", new { userId = user, actionId = Json.NewId("a") });
        var (_, me) = await _service.GetJsonAsync($"/api/v1/scores/user/{user}");
        var rank = (long)me["data"]!["rank"]!;

        var (status, window) = await _service.GetJsonAsync($"/api/v1/scores/user/{user}/around?radius=2");

        Assert.Equal(200, status);
        var ranks = window["data"]!["entries"]!.AsArray().Select(e => (long)e!["rank"]!).ToList();
        Assert.Contains(rank, ranks);
        Assert.Equal(Enumerable.Range((int)ranks[0], ranks.Count).Select(i => (long)i), ranks);
        Assert.InRange(ranks.Count, 3, 5);
    }

    [Fact]
    public async Task Health_reports_a_real_database_check()
    {
        var (status, health) = await _service.GetJsonAsync("/health");

        Assert.Equal(200, status);
        Assert.Equal("healthy", (string?)health["status"]);
        Assert.Equal("connected", (string?)health["services"]!["database"]);
        Assert.True((long)health["uptime"]! >= 0);
    }

    [Fact]
    public async Task OpenApi_document_lists_the_endpoints()
    {
        var text = await _service.GetStringAsync("/openapi/v1.json");

        Assert.Contains("/scores/increment", text, StringComparison.Ordinal);
        Assert.Contains("/api/v1/scores/leaderboard", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Docs_page_is_served_and_reads_the_OpenApi_document()
    {
        using var response = await _service.GetAsync("/docs");
        var page = await response.Content.ReadAsStringAsync();
        var script = await _service.GetStringAsync("/docs/index.js");

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.EndsWith("/docs/index.html", response.RequestMessage!.RequestUri!.AbsolutePath, StringComparison.Ordinal);
        Assert.Contains("swagger-ui-bundle.js", page, StringComparison.Ordinal);
        Assert.Contains("/openapi/v1.json", script, StringComparison.Ordinal);
    }
}
