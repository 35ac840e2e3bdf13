using Scoreboard.IntegrationTests.Infrastructure;

namespace Scoreboard.IntegrationTests.Privacy;

/// <summary>The retention chore removes IP address and user agent from events past the retention age, and nothing else.</summary>
[Collection(PrivacyCollection.Name)]
public sealed class RetentionTests(PrivacyFixture fixture)
{
    [Fact]
    public async Task Events_older_than_the_retention_age_lose_ip_and_user_agent_and_no_total_moves()
    {
        var server = fixture.Server;
        var (aged, fresh) = (Json.NewId("aged"), Json.NewId("fresh"));
        await fixture.UserCreditsAsync(aged, "Aged");
        await fixture.UserCreditsAsync(fresh, "Fresh");
        var ninetyOneDaysAgo = DateTimeOffset.UtcNow.AddDays(-91).ToUnixTimeMilliseconds();
        var eightyNineDaysAgo = DateTimeOffset.UtcNow.AddDays(-89).ToUnixTimeMilliseconds();
        await Ledger.ExecuteAsync(server.DatabasePath, $"UPDATE score_events SET created_at = {ninetyOneDaysAgo} WHERE user_id = '{aged}'");
        await Ledger.ExecuteAsync(server.DatabasePath, $"UPDATE score_events SET created_at = {eightyNineDaysAgo} WHERE user_id = '{fresh}'");
        var before = await Ledger.EventsAsync(server.DatabasePath);
        var totals = await Ledger.TotalsAsync(server.DatabasePath);
        Assert.All(before.Where(e => e.UserId == aged || e.UserId == fresh), e => Assert.NotNull(e.Ip));

        // The chore runs every second here.
        await Waiting.UntilAsync(async () => (await Ledger.EventsAsync(server.DatabasePath)).Where(e => e.UserId == aged).All(e => e.Ip is null),
            TimeSpan.FromSeconds(30), "the aged events scrubbed");

        var after = await Ledger.EventsAsync(server.DatabasePath);
        Assert.All(after.Where(e => e.UserId == aged), e => Assert.Equal((null, null), (e.Ip, e.UserAgent)));
        Assert.All(after.Where(e => e.UserId == fresh), e => Assert.Equal(("127.0.0.1", "privacy-test/1.0"), (e.Ip, e.UserAgent)));
        Assert.Equal(before.Select(e => e with { Ip = null, UserAgent = null }), after.Select(e => e with { Ip = null, UserAgent = null }));
        Assert.Equal(totals, await Ledger.TotalsAsync(server.DatabasePath));
        await StoreScan.AssertTotalsEqualEventsAsync(StoreScan.Of(server.DatabasePath));
    }
}
