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

    [Fact]
    public async Task Increment_records_who_asked_from_where_in_the_ledger()
    {
        var user = Json.NewId("user");
        var action = Json.NewId("action");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/scores/increment")
        {
            Content = Json.Body(new { userId = user, actionId = action, reason = "QUEST_DONE" }),
        };
        request.Headers.UserAgent.ParseAdd("game-backend/2.1");
        using var response = await _service.SendAsync(request);
        response.EnsureSuccessStatusCode();

        var recorded = Assert.Single(await Ledger.EventsAsync(fixture.Server.DatabasePath), e => e.ActionId == action);
        Assert.Equal(user, recorded.UserId);
        Assert.Equal("ACTION_COMPLETED", recorded.ActionType);
        Assert.Equal((10, 0, 10), (recorded.Points, recorded.ScoreBefore, recorded.ScoreAfter));
        Assert.Equal("bootstrap", recorded.Caller);
        Assert.Equal("seed-004", recorded.Source);
        Assert.Equal("127.0.0.1", recorded.Ip);
        Assert.Equal("game-backend/2.1", recorded.UserAgent);
        Assert.Equal("QUEST_DONE", recorded.Reason);
    }

    [Fact]
    public async Task Action_id_already_used_for_another_user_is_a_conflict_and_changes_nothing()
    {
        var action = Json.NewId("action");
        await _service.PostAsync("/scores/increment", new { userId = Json.NewId("owner"), actionId = action });
        var before = await BoardState.CaptureAsync(fixture.Server);

        var (status, body) = await _service.PostAsync("/scores/increment", new { userId = Json.NewId("thief"), actionId = action });

        Assert.Equal(409, status);
        Assert.Equal("CONFLICT", (string?)body["error"]!["code"]);
        Assert.Equal(before, await BoardState.CaptureAsync(fixture.Server));
    }

    [Fact]
    public async Task Key_not_allowed_the_increment_type_is_forbidden()
    {
        using var levelsOnly = fixture.Server.CreateClient();
        levelsOnly.DefaultRequestHeaders.Add("X-API-KEY", ServerFixture.LevelsOnlyKey);
        var before = await BoardState.CaptureAsync(fixture.Server);

        var (status, body) = await levelsOnly.PostAsync("/scores/increment", new { userId = Json.NewId("user"), actionId = Json.NewId("action") });

        Assert.Equal(403, status);
        Assert.Equal("UNAUTHORIZED", (string?)body["error"]!["code"]);
        Assert.Equal(before, await BoardState.CaptureAsync(fixture.Server));
    }

    [Fact]
    public async Task Display_name_sent_with_a_credit_shows_on_the_board()
    {
        var user = Json.NewId("user");
        await _service.PostAsync("/scores/increment", new { userId = user, actionId = Json.NewId("a"), displayName = "Zoë <b>" });

        var (_, found) = await _service.GetJsonAsync($"/api/v1/scores/user/{user}");

        Assert.Equal("Zoë <b>", (string?)found["data"]!["username"]);
    }

    [Fact]
    public async Task Hundred_concurrent_requests_with_one_action_id_apply_exactly_once()
    {
        var user = Json.NewId("user");
        var action = Json.NewId("action");
        using var gate = new SemaphoreSlim(0);
        var requests = Enumerable.Range(0, 100).Select(async _ =>
        {
            await gate.WaitAsync();
            return await _service.PostAsync("/scores/increment", new { userId = user, actionId = action });
        }).ToList();
        gate.Release(100);
        var replies = await Task.WhenAll(requests);

        Assert.All(replies, r => Assert.Equal(200, r.Status));
        Assert.Equal(1, replies.Count(r => (bool)r.Body["applied"]!));
        Assert.Equal(99, replies.Count(r => !(bool)r.Body["applied"]!));
        Assert.All(replies, r => Assert.Equal(10, (long)r.Body["newScore"]!));
        Assert.Single(await Ledger.EventsAsync(fixture.Server.DatabasePath), e => e.ActionId == action);
        await Ledger.AssertTotalsMatchEventsAsync(fixture.Server.DatabasePath);
    }
}
