using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Scoreboard.IntegrationTests.Infrastructure;
using static Scoreboard.IntegrationTests.Security.SignedBodies;

namespace Scoreboard.IntegrationTests.Security;

/// <summary>What an honest user gets: each dialect's credit, tickets, and totals that always match the ledger.</summary>
[Collection(SecurityCollection.Name)]
public sealed class UserCreditTests(SecurityFixture fixture)
{
    [Fact]
    public async Task Seed000_credit_replies_in_000s_shape_and_its_leaderboard_needs_a_token()
    {
        var user = Json.NewId("u000");
        var client = fixture.UserClient(user, "Zed");

        var (status, body) = await client.PostAsync("/api/v1/scores/update", Seed000(Guid.NewGuid().ToString(), user).ToJsonString());
        var (anonymous, refused) = await fixture.Server.CreateClient().GetJsonAsync("/api/v1/leaderboard");
        var (_, board) = await client.GetJsonAsync("/api/v1/leaderboard?limit=100");

        Assert.True(status == 200, $"{status} {body}");
        Assert.True((bool)body["success"]!);
        Assert.Equal(10, (long)body["newScore"]!);
        Assert.True((long)body["rank"]! >= 1);
        Assert.Equal(401, anonymous);
        Assert.Equal("UNAUTHORIZED", (string?)refused["code"]);
        Assert.Contains(board["rankings"]!.AsArray(), r => (string?)r!["userId"] == user && (string?)r["username"] == "Zed" && (long)r["score"]! == 10);
        Assert.True((long)board["lastUpdated"]! > 1_600_000_000);
    }

    [Fact]
    public async Task Ticket_completes_once_for_the_catalogs_points()
    {
        var user = Json.NewId("ticket");
        var client = fixture.UserClient(user);
        var ticket = await Attacks.StartAsync(fixture, user, "QUICK");
        var before = await fixture.LedgerAsync();

        var (status, body) = await client.PostAsync("/api/v1/actions/complete", new JsonObject { ["ticket"] = ticket }.ToJsonString());

        Assert.True(status == 200, $"{status} {body}");
        Assert.Equal(20, (long)body["data"]!["newScore"]!);
        var after = await fixture.LedgerAsync();
        Assert.Equal((before.Events + 1, before.Sum + 20), after);
    }

    [Fact]
    public async Task Ticket_serves_as_003s_server_provided_nonce()
    {
        var user = Json.NewId("nonce");
        var ticket = await Attacks.StartAsync(fixture, user, "QUICK");

        var (status, body) = await fixture.UserClient(user).PostAsync("/api/score/update", Seed003(ticket, 15, user).ToJsonString());

        Assert.True(status == 200, $"{status} {body}");
        Assert.Equal(15, (long)body["points"]!);
        Assert.Equal(15, (long)body["newScore"]!);
    }

    [Fact]
    public async Task Hostile_display_names_are_stored_verbatim_and_served_as_json_strings()
    {
        var user = Json.NewId("names");
        const string name = "Robert'); DROP TABLE users;-- <script>alert(1)</script>";

        var (status, _) = await fixture.UserClient(user, name).PostAsync("/api/score/update", Seed003(Guid.NewGuid().ToString(), 10, user).ToJsonString());
        var (_, row) = await fixture.Server.CreateClient().GetJsonAsync($"/api/v1/scores/user/{user}");

        Assert.Equal(200, status);
        Assert.Equal(name, (string?)row["data"]!["username"]);
        Assert.Equal(name, await Infrastructure.Ledger.UsernameAsync(fixture.Server.DatabasePath, user));
    }

    [Fact]
    public async Task Admin_reversal_writes_compensating_events_and_the_total_still_equals_the_ledger()
    {
        var user = Json.NewId("cheater");
        var client = fixture.UserClient(user);
        await Attacks.Expect200(client, "/api/score/update", Seed003(Guid.NewGuid().ToString(), 10, user));
        await Attacks.Expect200(client, "/api/v1/scores/update", Seed002(Guid.NewGuid().ToString(), "ACHIEVEMENT", 200));
        var admin = fixture.AdminClient();

        var (status, reversal) = await admin.PostAsync($"/api/v1/admin/users/{user}/reverse?reason=CONFIRMED_CHEAT", new JsonObject());
        var (again, second) = await admin.PostAsync($"/api/v1/admin/users/{user}/reverse", new JsonObject());
        var (_, events) = await admin.GetJsonAsync($"/api/v1/admin/users/{user}/events");
        var (_, row) = await fixture.Server.CreateClient().GetJsonAsync($"/api/v1/scores/user/{user}");

        Assert.True(status == 200, $"{status} {reversal}");
        Assert.Equal(2, (int)reversal["data"]!["reversedEvents"]!);
        Assert.Equal(210, (long)reversal["data"]!["reversedPoints"]!);
        Assert.Equal(0, (int)second["data"]!["reversedEvents"]!);
        Assert.Equal(200, again);
        Assert.Equal(0, (long)row["data"]!["score"]!);
        var ledger = events["data"]!.AsArray();
        Assert.Equal(4, ledger.Count);
        Assert.Equal(0, ledger.Sum(e => (long)e!["points"]!));
        Assert.All(ledger.Skip(2), e => Assert.StartsWith("reversal:", (string?)e!["actionId"], StringComparison.Ordinal));
    }

    [Fact]
    public async Task Admin_endpoints_refuse_a_missing_or_wrong_key()
    {
        var (none, body) = await fixture.Server.CreateClient().GetJsonAsync("/api/v1/admin/flags");
        var wrong = fixture.Server.CreateClient();
        wrong.DefaultRequestHeaders.Add("X-ADMIN-KEY", "integration-admin-key-0123456780");
        var (status, _) = await wrong.GetJsonAsync("/api/v1/admin/flags");
        var service = fixture.Server.CreateServiceClient();
        var (asService, _) = await service.PostAsync("/api/v1/admin/users/anyone/reverse", new JsonObject());

        Assert.Equal(401, none);
        Assert.Equal("UNAUTHORIZED", (string?)body["error"]!["code"]);
        Assert.Equal(401, status);
        Assert.Equal(401, asService);
    }

    [Fact]
    public async Task Demo_tokens_are_off_when_JWT_SECRET_is_configured()
    {
        var (status, body) = await fixture.Server.CreateClient().PostAsync("/api/v1/demo/token", new JsonObject { ["name"] = "me" });

        Assert.Equal(404, status);
        Assert.Equal("NOT_FOUND", (string?)body["error"]!["code"]);
    }
}
