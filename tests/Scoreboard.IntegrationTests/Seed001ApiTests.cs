using Scoreboard.IntegrationTests.Infrastructure;

namespace Scoreboard.IntegrationTests;

[Collection(ServerCollection.Name)]
public sealed class Seed001ApiTests(ServerFixture fixture)
{
    private readonly HttpClient _service = fixture.Server.CreateServiceClient();

    [Fact]
    public async Task Credit_by_action_type_adds_the_configured_points()
    {
        var user = Json.NewId("user");

        var (status, body) = await _service.PostAsync("/scores", new { user_id = user, action_id = "complete_level_5" });

        Assert.Equal(200, status);
        Assert.Equal("success", (string?)body["status"]);
        Assert.Equal(50, (long)body["new_score"]!);
    }

    [Fact]
    public async Task Credits_without_an_idempotency_key_each_count()
    {
        var user = Json.NewId("user");
        await _service.PostAsync("/scores", new { user_id = user, action_id = "complete_level_5" });

        var (_, second) = await _service.PostAsync("/scores", new { user_id = user, action_id = "complete_level_5" });

        Assert.Equal(100, (long)second["new_score"]!);
    }

    [Fact]
    public async Task Retry_with_the_same_idempotency_key_gets_the_first_reply_and_changes_nothing()
    {
        var user = Json.NewId("user");
        var key = Guid.NewGuid().ToString();
        var (_, first) = await _service.PostAsync("/scores", new { user_id = user, action_id = "complete_level_5" }, ("Idempotency-Key", key));
        await _service.PostAsync("/scores", new { user_id = user, action_id = "complete_level_5" });
        var before = await BoardState.CaptureAsync(fixture.Server);

        var (status, retry) = await _service.PostAsync("/scores", new { user_id = user, action_id = "complete_level_5" }, ("Idempotency-Key", key));

        Assert.Equal(200, status);
        Assert.Equal((long)first["new_score"]!, (long)retry["new_score"]!);
        Assert.Equal(50, (long)retry["new_score"]!);
        Assert.Equal(before, await BoardState.CaptureAsync(fixture.Server));
    }

    [Fact]
    public async Task Same_idempotency_key_with_another_body_is_refused_and_changes_nothing()
    {
        var key = Guid.NewGuid().ToString();
        await _service.PostAsync("/scores", new { user_id = Json.NewId("user"), action_id = "complete_level_5" }, ("Idempotency-Key", key));
        var before = await BoardState.CaptureAsync(fixture.Server);

        var (status, body) = await _service.PostAsync("/scores", new { user_id = Json.NewId("other"), action_id = "complete_level_5" }, ("Idempotency-Key", key));

        Assert.Equal(422, status);
        Assert.Equal("IDEMPOTENCY_KEY_REUSED", (string?)body["error"]!["code"]);
        Assert.Equal(before, await BoardState.CaptureAsync(fixture.Server));
    }

    [Fact]
    public async Task Unknown_action_type_is_unprocessable()
    {
        var before = await BoardState.CaptureAsync(fixture.Server);

        var (status, body) = await _service.PostAsync("/scores", new { user_id = Json.NewId("user"), action_id = "complete_level_6" });

        Assert.Equal(422, status);
        Assert.Equal("error", (string?)body["status"]);
        Assert.Equal("UNKNOWN_ACTION_TYPE", (string?)body["error"]!["code"]);
        Assert.Equal(before, await BoardState.CaptureAsync(fixture.Server));
    }

    [Fact]
    public async Task Key_may_credit_only_the_types_it_is_allowed()
    {
        using var levelsOnly = fixture.Server.CreateClient();
        levelsOnly.DefaultRequestHeaders.Add("X-API-KEY", ServerFixture.LevelsOnlyKey);
        var user = Json.NewId("user");

        var (allowed, _) = await levelsOnly.PostAsync("/scores", new { user_id = user, action_id = "LEVEL_UP" });
        var before = await BoardState.CaptureAsync(fixture.Server);
        var (refused, body) = await levelsOnly.PostAsync("/scores", new { user_id = user, action_id = "complete_level_5" });

        Assert.Equal(200, allowed);
        Assert.Equal(403, refused);
        Assert.Equal("FORBIDDEN", (string?)body["error"]!["code"]);
        Assert.Equal(before, await BoardState.CaptureAsync(fixture.Server));
        Assert.Equal("levels-only", Assert.Single(await Ledger.EventsAsync(fixture.Server.DatabasePath), e => e.UserId == user).Caller);
    }

    [Fact]
    public async Task Leaderboard_has_the_documents_shape_and_order()
    {
        var user = Json.NewId("leader");
        for (var i = 0; i < 30; i++)
        {
            await _service.PostAsync("/scores", new { user_id = user, action_id = "ACHIEVEMENT", username = "PlayerOne" });
        }

        var (status, board) = await _service.GetJsonAsync("/leaderboard?limit=3");

        Assert.Equal(200, status);
        var rows = board["data"]!.AsArray();
        Assert.InRange(rows.Count, 1, 3);
        Assert.Equal(1, (long)rows[0]!["rank"]!);
        Assert.Equal(user, (string?)rows[0]!["user_id"]);
        Assert.Equal("PlayerOne", (string?)rows[0]!["username"]);
        Assert.Equal(6_000, (long)rows[0]!["score"]!);
        Assert.True(DateTimeOffset.TryParse((string?)board["timestamp"], out _));
    }
}
