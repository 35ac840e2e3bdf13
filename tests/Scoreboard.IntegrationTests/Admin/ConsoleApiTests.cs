using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Scoreboard.IntegrationTests.Infrastructure;
using static Scoreboard.IntegrationTests.Security.SignedBodies;

namespace Scoreboard.IntegrationTests.Admin;

/// <summary>The admin API the console reads, and the console's shell, over plain HTTP.</summary>
[Collection(ConsoleCollection.Name)]
public sealed partial class ConsoleApiTests(ConsoleFixture fixture)
{
    private static readonly string[] ConsoleReads =
        ["/api/v1/admin/stats", "/api/v1/admin/boards", "/api/v1/admin/flags", "/api/v1/admin/users/{0}", "/api/v1/admin/users/{0}/events"];

    [Fact]
    public async Task Without_the_key_no_admin_data_is_reachable_and_the_shell_holds_none()
    {
        var cheater = await fixture.CheatAsync();
        using var anonymous = fixture.Server.CreateClient();
        foreach (var path in ConsoleReads.Select(p => string.Format(System.Globalization.CultureInfo.InvariantCulture, p, cheater)))
        {
            using var response = await anonymous.GetAsync(path);
            var body = await response.Content.ReadAsStringAsync();
            Assert.True((int)response.StatusCode == 401, $"{path}: {(int)response.StatusCode}");
            Assert.DoesNotContain(cheater, body, StringComparison.Ordinal);
        }

        using var shell = await anonymous.GetAsync("/admin");
        var html = await shell.Content.ReadAsStringAsync();
        Assert.Equal(200, (int)shell.StatusCode);
        Assert.DoesNotContain(cheater, html, StringComparison.Ordinal);
        Assert.DoesNotContain("Cheater", html, StringComparison.Ordinal);
        Assert.Empty(InlineScript().Matches(html));
        var policy = shell.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("script-src 'self'", policy, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", policy, StringComparison.Ordinal);
        Assert.Equal("no-store", shell.Headers.CacheControl?.ToString());
    }

    [Fact]
    public async Task Stats_count_applied_and_refused_credits_within_seconds()
    {
        using var admin = fixture.AdminClient();
        var (_, before) = await admin.GetJsonAsync("/api/v1/admin/stats");
        var (applied, refused) = ((long)before["data"]!["appliedTotal"]!, (long)before["data"]!["refusedTotal"]!);

        using var service = fixture.Server.CreateServiceClient();
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(200, (await service.PostAsync("/scores/increment", new { userId = Json.NewId("counted"), actionId = Json.NewId("stats") })).Status);
        }

        Assert.Equal(400, (await service.PostAsync("/scores/increment", new { userId = "", actionId = Json.NewId("stats") })).Status);
        await Waiting.UntilAsync(async () =>
        {
            var data = (await admin.GetJsonAsync("/api/v1/admin/stats")).Body["data"]!;
            var points = data["points"]!.AsArray();
            return (long)data["appliedTotal"]! >= applied + 3 && (long)data["refusedTotal"]! >= refused + 1
                && points.Sum(p => (long)p!["applied"]!) >= 3 && points.Any(p => p!["creditP95Ms"] is not null);
        }, TimeSpan.FromSeconds(15), "the credits in the stats");

        var (status, newer) = await admin.GetJsonAsync($"/api/v1/admin/stats?since={DateTimeOffset.UtcNow.AddMinutes(10).ToUnixTimeMilliseconds()}");
        Assert.Equal(200, status);
        Assert.Empty(newer["data"]!["points"]!.AsArray());
        Assert.Equal(400, (await admin.GetJsonAsync("/api/v1/admin/stats?since=yesterday")).Status);
    }

    [Fact]
    public async Task User_lookup_shows_the_standing_the_hold_and_the_flags_of_a_flagged_user()
    {
        var cheater = await fixture.CheatAsync();
        using var admin = fixture.AdminClient();
        var (status, reply) = await admin.GetJsonAsync($"/api/v1/admin/users/{cheater}");

        Assert.Equal(200, status);
        var user = reply["data"]!;
        Assert.True((bool)user["frozen"]!);
        Assert.Equal("Cheater", (string?)user["displayName"]);
        var global = user["standings"]!.AsArray().Single(s => (string?)s!["board"] == "global")!;
        Assert.Equal(300, (long)global["score"]!);
        Assert.Contains(user["flags"]!.AsArray(), f => (string?)f!["status"] == "open");
    }

    [Fact]
    public async Task Reversing_chosen_credits_or_those_since_a_time_takes_back_only_those()
    {
        var user = Json.NewId("partial");
        using var client = fixture.UserClient(user, "Partial");
        using var admin = fixture.AdminClient();
        await Security.Attacks.Expect200(client, "/api/v1/scores/update", Seed002(Guid.NewGuid().ToString(), "TASK_COMPLETE", 50));
        await Security.Attacks.Expect200(client, "/api/v1/scores/update", Seed002(Guid.NewGuid().ToString(), "LEVEL_UP", 100));
        var events = (await admin.GetJsonAsync($"/api/v1/admin/users/{user}/events")).Body["data"]!.AsArray();
        var levelUp = events.Single(e => (string?)e!["actionType"] == "LEVEL_UP")!;

        var (status, chosen) = await admin.PostAsync($"/api/v1/admin/users/{user}/reverse", new JsonObject { ["eventIds"] = new JsonArray((long)levelUp["id"]!) });
        Assert.True(status == 200, chosen.ToJsonString());
        Assert.Equal(1, (int)chosen["data"]!["reversedEvents"]!);
        Assert.Equal(50, (long)chosen["data"]!["newScore"]!);

        var since = DateTimeOffset.Parse((string)events[0]!["createdAt"]!, System.Globalization.CultureInfo.InvariantCulture);
        var (_, rest) = await admin.PostAsync($"/api/v1/admin/users/{user}/reverse", new JsonObject { ["since"] = since.ToString("O") });
        Assert.Equal(1, (int)rest["data"]!["reversedEvents"]!);
        Assert.Equal(0, (long)rest["data"]!["newScore"]!);

        var both = new JsonObject { ["eventIds"] = new JsonArray(1L), ["since"] = since.ToString("O") };
        Assert.Equal(400, (await admin.PostAsync($"/api/v1/admin/users/{user}/reverse", both)).Status);
        var ledger = (await admin.GetJsonAsync($"/api/v1/admin/users/{user}/events")).Body["data"]!.AsArray();
        Assert.Equal(4, ledger.Count);
        Assert.Equal(0, ledger.Sum(e => (long)e!["points"]!));
    }

    [Fact]
    public async Task A_partial_reversal_rebuilds_the_users_standing_on_the_other_boards()
    {
        using var admin = fixture.AdminClient();
        var board = "partial-" + Guid.NewGuid().ToString("N")[..8];
        using var put = await admin.PutAsync($"/api/v1/admin/boards/{board}",
            Json.Body(new { title = "Best level", actionTypes = new[] { "LEVEL_UP", "TASK_COMPLETE" }, @operator = "best" }));
        Assert.True((int)put.StatusCode == 201, await put.Content.ReadAsStringAsync());
        await Task.Delay(TimeSpan.FromSeconds(3)); // A new board counts credits from two seconds after it was made.

        var user = Json.NewId("boards");
        using var client = fixture.UserClient(user, "Boards");
        await Security.Attacks.Expect200(client, "/api/v1/scores/update", Seed002(Guid.NewGuid().ToString(), "TASK_COMPLETE", 50));
        await Security.Attacks.Expect200(client, "/api/v1/scores/update", Seed002(Guid.NewGuid().ToString(), "LEVEL_UP", 100));
        Assert.Equal(100, await BoardScoreAsync(board, user));

        var events = (await admin.GetJsonAsync($"/api/v1/admin/users/{user}/events")).Body["data"]!.AsArray();
        var levelUp = (long)events.Single(e => (string?)e!["actionType"] == "LEVEL_UP")!["id"]!;
        Assert.Equal(200, (await admin.PostAsync($"/api/v1/admin/users/{user}/reverse", new JsonObject { ["eventIds"] = new JsonArray(levelUp) })).Status);

        Assert.Equal(50, await BoardScoreAsync(board, user));
        var profile = (await admin.GetJsonAsync($"/api/v1/admin/users/{user}")).Body["data"]!["standings"]!.AsArray();
        Assert.Equal(50, (long)profile.Single(s => (string?)s!["board"] == board)!["score"]!);
    }

    private async Task<long?> BoardScoreAsync(string board, string user)
    {
        var (status, body) = await fixture.Server.CreateClient().GetJsonAsync($"/api/v1/boards/{board}/users/{user}");
        return status == 200 ? (long)body["score"]! : null;
    }

    [GeneratedRegex("<script(?![^>]*\\bsrc=)[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex InlineScript();
}
