using System.Text.Json.Nodes;
using Scoreboard.IntegrationTests.Infrastructure;

namespace Scoreboard.IntegrationTests.Privacy;

/// <summary>A data-subject export holds every row the store keeps about the user, as SQL reads them.</summary>
[Collection(PrivacyCollection.Name)]
public sealed class ExportTests(PrivacyFixture fixture)
{
    [Fact]
    public async Task The_export_holds_every_row_the_store_keeps_about_the_user()
    {
        var user = Json.NewId("subject");
        await PrivacyFixture.CreditAsync(fixture.Server, user, "LEVEL_UP", "Subject", new { team = "red" });
        await PrivacyFixture.CreditAsync(fixture.Server, user, "ACHIEVEMENT");
        await fixture.UserCreditsAsync(user, "Subject");
        await PrivacyFixture.CreditAsync(fixture.Server, Json.NewId("bystander"), "LEVEL_UP");
        await Ledger.ExecuteAsync(fixture.Server.DatabasePath,
            $"INSERT INTO suspicious_activity (user_id, reason, details, created_at) VALUES ('{user}', 'growth_rate', '{{\"x\":1}}', 1700000000000)");

        var (status, body) = await fixture.Admin().GetJsonAsync($"/api/v1/admin/users/{user}/export");

        Assert.Equal(200, status);
        Assert.True((bool)body["success"]!);
        var data = body["data"]!;
        Assert.Equal(user, (string?)data["userId"]);
        Assert.Equal("Subject", (string?)data["displayName"]);
        var path = fixture.Server.DatabasePath;
        var events = await StoreScan.QueryAsync(path,
            $"SELECT id, action_id, points, score_after, ip, user_agent FROM score_events WHERE user_id = '{user}' ORDER BY id",
            r => $"{r.GetInt64(0)}|{r.GetString(1)}|{r.GetInt64(2)}|{r.GetInt64(3)}|{(r.IsDBNull(4) ? "" : r.GetString(4))}|{(r.IsDBNull(5) ? "" : r.GetString(5))}");
        Assert.Equal(4, events.Count);
        Assert.Equal(events, data["events"]!.AsArray().Select(e =>
            $"{(long)e!["id"]!}|{(string?)e["actionId"]}|{(long)e["points"]!}|{(long)e["scoreAfter"]!}|{(string?)e["ip"] ?? ""}|{(string?)e["userAgent"] ?? ""}"));
        Assert.Contains(data["events"]!.AsArray(), e => (string?)e!["userAgent"] == "privacy-test/1.0" && (string?)e["ip"] == "127.0.0.1");

        var total = (await StoreScan.QueryAsync(path, $"SELECT score FROM user_scores WHERE user_id = '{user}'", r => r.GetInt64(0))).Single();
        Assert.Equal(total, (long)data["global"]!["score"]!);
        Assert.True((long)data["global"]!["rank"]! >= 1);
        var boards = await StoreScan.QueryAsync(path, $"SELECT board_id, period_key, score FROM board_standings WHERE user_id = '{user}' ORDER BY board_id, period_key",
            r => $"{r.GetString(0)}|{r.GetString(1)}|{r.GetInt64(2)}");
        Assert.NotEmpty(boards);
        Assert.Equal(boards, data["boards"]!.AsArray().Select(b => $"{(string?)b!["boardId"]}|{(string?)b["period"]}|{(long)b["score"]!}"));

        var flag = Assert.Single(data["flags"]!.AsArray());
        Assert.Equal("growth_rate", (string?)flag!["reason"]);
        Assert.Equal("red", (string?)data["metadata"]!["team"]);
        var ticket = Assert.Single(data["tickets"]!.AsArray());
        Assert.StartsWith("tk.ACTION_COMPLETED.", (string?)ticket!["ticket"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_cli_prints_the_same_export()
    {
        var user = Json.NewId("cli_subject");
        await PrivacyFixture.CreditAsync(fixture.Server, user, "ACHIEVEMENT", "Cli Subject", new { team = "blue" });
        var (_, api) = await fixture.Admin().GetJsonAsync($"/api/v1/admin/users/{user}/export");

        var result = await Cli.Cli.RunAsync(fixture.Server.DataDir, PrivacyFixture.Environment(), "users", "export", user);

        Assert.True(result.Exit == 0, result.ToString());
        var printed = JsonNode.Parse(result.Output)!;
        Assert.Equal(api["data"]!["events"]!.ToJsonString(), printed["events"]!.ToJsonString());
        Assert.Equal(api["data"]!["boards"]!.ToJsonString(), printed["boards"]!.ToJsonString());
        Assert.Equal("Cli Subject", (string?)printed["displayName"]);
        Assert.Equal("blue", (string?)printed["metadata"]!["team"]);
        var unknown = await Cli.Cli.RunAsync(fixture.Server.DataDir, PrivacyFixture.Environment(), "users", "export", Json.NewId("nobody"));
        Assert.True(unknown.Exit == 1, unknown.ToString());
    }
}
