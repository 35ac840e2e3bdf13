using System.Text.Json.Nodes;
using Scoreboard.IntegrationTests.Infrastructure;

namespace Scoreboard.IntegrationTests.Privacy;

/// <summary>Erasure end to end: off the boards and the live view, no row with the id, everyone else's totals intact.</summary>
[Collection(PrivacyCollection.Name)]
public sealed class ErasureTests(PrivacyFixture fixture)
{
    [Fact]
    public async Task An_erased_user_leaves_every_board_and_the_live_view_and_no_row_keeps_their_id()
    {
        var server = fixture.Server;
        var victim = Json.NewId("victim");
        var others = new[] { Json.NewId("other"), Json.NewId("other") };
        for (var i = 0; i < 8; i++)
        {
            await PrivacyFixture.CreditAsync(server, victim, "ACHIEVEMENT", "Victim");
        }

        await PrivacyFixture.CreditAsync(server, victim, "LEVEL_UP", metadata: new { team = "red" });
        await fixture.UserCreditsAsync(victim, "Victim");
        await Ledger.ExecuteAsync(server.DatabasePath,
            $"INSERT INTO suspicious_activity (user_id, reason, details, created_at) VALUES ('{victim}', 'growth_rate', '{{}}', 1700000000000)");
        foreach (var other in others)
        {
            await PrivacyFixture.CreditAsync(server, other, "LEVEL_UP", "Other");
        }

        await using var watcher = await WsClient.ConnectAsync(server, "/ws/scoreboard");
        var frame = await watcher.ReceiveAsync();
        while (!Shows(frame, victim))
        {
            frame = await watcher.ReceiveAsync();
        }

        var totalsBefore = await Ledger.TotalsAsync(server.DatabasePath);
        var (status, body) = await SendDeleteAsync(fixture.Admin(), victim);

        Assert.True(status == 200, body.ToJsonString());
        var pseudonym = (string)body["data"]!["pseudonym"]!;
        Assert.StartsWith("erased-", pseudonym, StringComparison.Ordinal);
        Assert.Equal(11, (long)body["data"]!["eventsPseudonymised"]!);
        Assert.DoesNotContain(victim, body.ToJsonString(), StringComparison.Ordinal);

        // The live view: a frame without the victim follows at once.
        while (Shows(frame, victim))
        {
            frame = await watcher.ReceiveAsync();
        }

        Assert.DoesNotContain(await PrivacyFixture.BoardAsync(server, "global"), e => e.User == victim);
        Assert.DoesNotContain(await PrivacyFixture.BoardAsync(server, "levels"), e => e.User == victim);
        Assert.Equal(404, (await server.CreateClient().GetJsonAsync($"/api/v1/user/{victim}")).Status);
        Assert.Equal(404, (await fixture.Admin().GetJsonAsync($"/api/v1/admin/users/{victim}/export")).Status);

        Assert.Empty(await StoreScan.WhereFoundAsync(StoreScan.Of(server.DatabasePath), victim));
        await StoreScan.AssertTotalsEqualEventsAsync(StoreScan.Of(server.DatabasePath));
        var totalsAfter = await Ledger.TotalsAsync(server.DatabasePath);
        Assert.Equal(totalsBefore.Where(t => t.Key != victim).OrderBy(t => t.Key), totalsAfter.Where(t => totalsBefore.ContainsKey(t.Key)).OrderBy(t => t.Key));
        var moved = await StoreScan.QueryAsync(server.DatabasePath,
            $"SELECT count(*), count(ip), count(user_agent) FROM score_events WHERE user_id = '{pseudonym}'", r => (r.GetInt64(0), r.GetInt64(1), r.GetInt64(2)));
        Assert.Equal((11L, 0L, 0L), moved.Single());
        var recorded = await StoreScan.QueryAsync(server.DatabasePath,
            $"SELECT erased_by, events FROM erasures WHERE pseudonym = '{pseudonym}'", r => (r.GetString(0), r.GetInt64(1)));
        Assert.Equal(("admin", 11L), recorded.Single());
    }

    [Fact]
    public async Task Erasing_twice_is_harmless_and_a_later_credit_starts_from_zero()
    {
        var server = fixture.Server;
        var user = Json.NewId("returning");
        await PrivacyFixture.CreditAsync(server, user, "ACHIEVEMENT", "Returning");
        await PrivacyFixture.CreditAsync(server, user, "ACHIEVEMENT");

        var first = await SendDeleteAsync(fixture.Admin(), user);
        var second = await SendDeleteAsync(fixture.Admin(), user);

        Assert.Equal(200, first.Status);
        Assert.Equal(200, second.Status);
        Assert.False((bool)first.Body["data"]!["alreadyErased"]!);
        Assert.True((bool)second.Body["data"]!["alreadyErased"]!);
        Assert.Equal((string?)first.Body["data"]!["pseudonym"], (string?)second.Body["data"]!["pseudonym"]);

        await PrivacyFixture.CreditAsync(server, user, "ACHIEVEMENT", "Returning");
        var totals = await Ledger.TotalsAsync(server.DatabasePath);
        Assert.Equal(200, totals[user]);
        Assert.Contains(await PrivacyFixture.BoardAsync(server, "global"), e => e == (user, 200));
        await StoreScan.AssertTotalsEqualEventsAsync(StoreScan.Of(server.DatabasePath));

        // The new life is erased too, under the same pseudonym, and the ledger still adds up.
        Assert.Equal(200, (await SendDeleteAsync(fixture.Admin(), user)).Status);
        Assert.Empty(await StoreScan.WhereFoundAsync(StoreScan.Of(server.DatabasePath), user));
        await StoreScan.AssertTotalsEqualEventsAsync(StoreScan.Of(server.DatabasePath));
    }

    internal static bool Shows(JsonNode frame, string user) =>
        frame["entries"]?.AsArray().Any(e => (string?)e!["userId"] == user) == true;

    internal static async Task<(int Status, JsonNode Body)> SendDeleteAsync(HttpClient client, string user)
    {
        using var response = await client.DeleteAsync($"/api/v1/admin/users/{Uri.EscapeDataString(user)}");
        return ((int)response.StatusCode, await Json.ReadAsync(response));
    }
}
