using Scoreboard.IntegrationTests.Infrastructure;

namespace Scoreboard.IntegrationTests.Boards;

[Collection(BoardsCollection.Name)]
public sealed class BoardAdminTests(BoardsFixture fixture)
{
    private readonly HttpClient _admin = fixture.CreateAdminClient();
    private readonly HttpClient _service = fixture.Server.CreateServiceClient();
    private readonly HttpClient _reader = fixture.Server.CreateClient();

    [Fact]
    public async Task A_board_made_through_the_api_counts_credits_from_its_creation_on_and_keeps_its_rule()
    {
        var id = $"b-{Guid.NewGuid():N}"[..20];
        var user = Json.NewId("adm");
        await BoardsFixture.CreditAsync(_service, user, "LEVEL_UP", 7);

        var (created, board) = await PutAsync(id, new { title = "Weekly levels", actionTypes = new[] { "LEVEL_UP" }, period = "weekly", timeZone = "Europe/Berlin" });
        Assert.Equal(201, created);
        Assert.Equal("weekly", (string?)board["data"]!["period"]);
        Assert.Matches(@"^\d{4}-W\d{2}$", (string?)board["data"]!["currentPeriod"]!["key"]);

        // A new board starts counting a moment after it is made, once every instance has seen it; nothing is backfilled.
        await Task.Delay(TimeSpan.FromSeconds(3));
        await BoardsFixture.CreditAsync(_service, user, "LEVEL_UP", 9);
        Assert.Equal([(user, 9L)], await BoardsFixture.EntriesAsync(_reader, id));

        Assert.Equal(200, (await PutAsync(id, new { title = "Renamed", actionTypes = new[] { "LEVEL_UP" }, period = "weekly", timeZone = "Europe/Berlin", keepPeriods = 4 })).Status);
        var (changed, refusal) = await PutAsync(id, new { title = "Renamed", actionTypes = new[] { "LEVEL_UP" }, period = "daily", timeZone = "Europe/Berlin" });
        Assert.Equal((409, "BOARD_RULE_FIXED"), (changed, (string?)refusal["error"]!["code"]));
        var (_, shown) = await _reader.GetJsonAsync($"/api/v1/boards/{id}");
        Assert.Equal(("Renamed", "weekly", 4), ((string?)shown["title"], (string?)shown["period"], (int)shown["keepPeriods"]!));

        using var deleted = await _admin.DeleteAsync($"/api/v1/admin/boards/{id}");
        Assert.Equal(200, (int)deleted.StatusCode);
        Assert.Equal(404, (await _reader.GetJsonAsync($"/api/v1/boards/{id}")).Status);
        using var again = await _admin.DeleteAsync($"/api/v1/admin/boards/{id}");
        Assert.Equal((404, "BOARD_NOT_FOUND"), ((int)again.StatusCode, (string?)(await Json.ReadAsync(again))["error"]!["code"]));
    }

    [Theory]
    [InlineData("global")]
    [InlineData("levels")]
    public async Task Global_and_configured_boards_cannot_be_changed_or_deleted(string id)
    {
        var (status, body) = await PutAsync(id, new { title = "Mine now" });
        Assert.Equal((409, "BOARD_READ_ONLY"), (status, (string?)body["error"]!["code"]));
        using var deleted = await _admin.DeleteAsync($"/api/v1/admin/boards/{id}");
        Assert.Equal(409, (int)deleted.StatusCode);
        Assert.NotEqual("Mine now", (string?)(await _reader.GetJsonAsync($"/api/v1/boards/{id}")).Body["title"]);
    }

    [Theory]
    [InlineData("""{"timeZone":"Mars/Olympus_Mons","period":"daily"}""", "INVALID_TIME_ZONE")]
    [InlineData("""{"period":"cron:61 * * * *"}""", "INVALID_PERIOD_RULE")]
    [InlineData("""{"period":"cron:not a cron"}""", "INVALID_PERIOD_RULE")]
    [InlineData("""{"operator":"max"}""", "INVALID_BOARD")]
    [InlineData("""{"keepPeriods":0}""", "INVALID_BOARD")]
    [InlineData("""{"actionTypes":"LEVEL_UP"}""", "INVALID_REQUEST")]
    public async Task A_bad_definition_is_refused_with_a_code_and_makes_no_board(string json, string code)
    {
        var id = $"bad-{Guid.NewGuid():N}"[..20];
        using var response = await _admin.PutAsync($"/api/v1/admin/boards/{id}", Json.Body(json));
        Assert.Equal((400, code), ((int)response.StatusCode, (string?)(await Json.ReadAsync(response))["error"]!["code"]));
        Assert.Equal(404, (await _reader.GetJsonAsync($"/api/v1/boards/{id}")).Status);
    }

    [Fact]
    public async Task A_bad_board_id_is_refused()
    {
        using var response = await _admin.PutAsync("/api/v1/admin/boards/Upper_Case", Json.Body("""{"title":"x"}"""));
        Assert.Equal((400, "INVALID_BOARD"), ((int)response.StatusCode, (string?)(await Json.ReadAsync(response))["error"]!["code"]));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("not-the-admin-key-at-all")]
    public async Task Board_changes_without_the_admin_key_are_refused_and_change_nothing(string? key)
    {
        using var client = fixture.Server.CreateClient();
        if (key is not null)
        {
            client.DefaultRequestHeaders.Add("X-ADMIN-KEY", key);
        }

        var id = $"nokey-{Guid.NewGuid():N}"[..20];
        using var put = await client.PutAsync($"/api/v1/admin/boards/{id}", Json.Body("""{"title":"x"}"""));
        using var delete = await client.DeleteAsync("/api/v1/admin/boards/levels");
        using var season = await client.PutAsync($"/api/v1/admin/boards/{id}/seasons/s1", Json.Body("""{"startsAt":"2026-01-01T00:00:00Z","endsAt":"2026-02-01T00:00:00Z"}"""));
        Assert.All(new[] { put, delete, season }, r => Assert.InRange((int)r.StatusCode, 401, 403));
        Assert.Equal(404, (await _reader.GetJsonAsync($"/api/v1/boards/{id}")).Status);
        Assert.Equal(200, (await _reader.GetJsonAsync("/api/v1/boards/levels")).Status);
    }

    [Fact]
    public async Task A_season_board_counts_credits_inside_its_season_only()
    {
        var id = $"s-{Guid.NewGuid():N}"[..20];
        Assert.Equal(201, (await PutAsync(id, new { title = "Season", period = "season" })).Status);
        var now = DateTimeOffset.UtcNow;
        using var season = await _admin.PutAsync($"/api/v1/admin/boards/{id}/seasons/s1",
            Json.Body(new { startsAt = now.AddDays(-1), endsAt = now.AddDays(1) }));
        Assert.Equal(200, (int)season.StatusCode);
        using var overlapping = await _admin.PutAsync($"/api/v1/admin/boards/{id}/seasons/s2",
            Json.Body(new { startsAt = now, endsAt = now.AddDays(2) }));
        Assert.Equal(409, (int)overlapping.StatusCode);

        await Task.Delay(TimeSpan.FromSeconds(3));
        var user = Json.NewId("season");
        await BoardsFixture.CreditAsync(_service, user, "TASK_COMPLETE", 11);
        var (status, top) = await _reader.GetJsonAsync($"/api/v1/boards/{id}/top?period=s1");
        Assert.Equal(200, status);
        Assert.Equal(11, (long)top["entries"]![0]!["score"]!);
        Assert.Equal(404, (await _reader.GetJsonAsync($"/api/v1/boards/{id}/top?period=s9")).Status);
    }

    private async Task<(int Status, System.Text.Json.Nodes.JsonNode Body)> PutAsync(string id, object body)
    {
        using var response = await _admin.PutAsync($"/api/v1/admin/boards/{id}", Json.Body(body));
        return ((int)response.StatusCode, await Json.ReadAsync(response));
    }
}
