using Scoreboard.IntegrationTests.Infrastructure;

namespace Scoreboard.IntegrationTests.Privacy;

/// <summary>Export and erasure without the admin key, with a bad id, or for nobody: refused, and nothing changes.</summary>
[Collection(PrivacyCollection.Name)]
public sealed class RefusalTests(PrivacyFixture fixture)
{
    [Fact]
    public async Task Refused_requests_erase_nothing_and_export_nothing()
    {
        var server = fixture.Server;
        var user = Json.NewId("kept");
        await PrivacyFixture.CreditAsync(server, user, "ACHIEVEMENT", "Kept");
        var events = await Ledger.EventsAsync(server.DatabasePath);
        var totals = await Ledger.TotalsAsync(server.DatabasePath);
        var erasures = await ErasuresAsync(server);
        var wrongKey = server.CreateClient();
        wrongKey.DefaultRequestHeaders.Add("X-ADMIN-KEY", "not-the-admin-key-0123456789");

        var refusals = new[]
        {
            ("no key", await ErasureTests.SendDeleteAsync(server.CreateClient(), user), 401),
            ("wrong key", await ErasureTests.SendDeleteAsync(wrongKey, user), 401),
            ("service key", await ErasureTests.SendDeleteAsync(server.CreateServiceClient(), user), 401),
            ("bad id", await ErasureTests.SendDeleteAsync(fixture.Admin(), "bad id'; DROP TABLE users;--"), 400),
            ("unknown id", await ErasureTests.SendDeleteAsync(fixture.Admin(), Json.NewId("nobody")), 404),
            ("export, no key", await server.CreateClient().GetJsonAsync($"/api/v1/admin/users/{user}/export"), 401),
            ("export, bad id", await fixture.Admin().GetJsonAsync($"/api/v1/admin/users/{Uri.EscapeDataString("a b")}/export"), 400),
            ("export, unknown id", await fixture.Admin().GetJsonAsync($"/api/v1/admin/users/{Json.NewId("nobody")}/export"), 404),
        };

        Assert.All(refusals, r => Assert.True(r.Item2.Status == r.Item3, $"{r.Item1}: {r.Item2.Status} {r.Item2.Body}"));
        Assert.All(refusals, r => Assert.False((bool?)r.Item2.Body["success"] ?? false, r.Item1));
        Assert.Equal(events, await Ledger.EventsAsync(server.DatabasePath));
        Assert.Equal(totals, await Ledger.TotalsAsync(server.DatabasePath));
        Assert.Contains(await PrivacyFixture.BoardAsync(server, "global"), e => e == (user, 200));
        Assert.Equal(erasures, await ErasuresAsync(server));
    }

    private static async Task<long> ErasuresAsync(ScoreboardServer server) =>
        (await StoreScan.QueryAsync(server.DatabasePath, "SELECT count(*) FROM erasures", r => r.GetInt64(0))).Single();
}
