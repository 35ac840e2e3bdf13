using Scoreboard.IntegrationTests.Infrastructure;
using Scoreboard.IntegrationTests.Security;

namespace Scoreboard.IntegrationTests.Metrics;

/// <summary>
/// Each refused credit is counted once, under the reason an operator needs to tell an attack (auth, signature) from a
/// client bug (validation) or a busy user (rate_limit, cooldown), and refusing it changes nothing in the ledger.
/// </summary>
[Collection(MetricsCollection.Name)]
public sealed class RefusalMetricsTests(MetricsFixture fixture)
{
    private const string Credits = "scoreboard_credits_total";

    [Fact]
    public async Task Credit_with_a_bad_signature_is_counted_once_as_a_signature_refusal()
    {
        var user = Json.NewId("forger");
        var body = SignedBodies.Seed003(Guid.NewGuid().ToString(), 10, user, secret: "not-the-servers-secret-0123456789");

        await AssertRefusedOnceAsync(RefusalReason.Signature, 403, () => fixture.UserClient(user).PostAsync("/api/score/update", body.ToJsonString()));
    }

    [Fact]
    public async Task Credit_over_the_users_budget_is_counted_as_a_rate_limit_refusal_and_a_rate_limit_hit()
    {
        var user = Json.NewId("eager");
        var client = fixture.UserClient(user);
        for (var i = 0; i < MetricsFixture.PerUser; i++)
        {
            var (status, reply) = await client.PostAsync("/api/score/update", Seed003(user).ToJsonString());
            Assert.True(status == 200, $"{status} {reply}");
        }

        var hits = await fixture.CountAsync("scoreboard_rate_limit_hits_total", ("partition", "user"));
        await AssertRefusedOnceAsync(RefusalReason.RateLimit, 429, () => client.PostAsync("/api/score/update", Seed003(user).ToJsonString()));
        Assert.Equal(hits + 1, await fixture.CountAsync("scoreboard_rate_limit_hits_total", ("partition", "user")));
    }

    [Fact]
    public async Task Credit_within_the_types_cool_down_is_counted_as_a_cooldown_refusal()
    {
        var user = Json.NewId("hasty");
        var client = fixture.UserClient(user);
        var (status, reply) = await client.PostAsync("/api/v1/scores/update", Seed002().ToJsonString());
        Assert.True(status == 200, $"{status} {reply}");

        // TASK_COMPLETE may be completed once every 5 s.
        await AssertRefusedOnceAsync(RefusalReason.Cooldown, 429, () => client.PostAsync("/api/v1/scores/update", Seed002().ToJsonString()));
    }

    [Fact]
    public async Task Credit_with_an_unknown_service_key_is_counted_as_an_auth_refusal()
    {
        var client = fixture.Server.CreateClient();
        client.DefaultRequestHeaders.Add("X-API-KEY", "not-a-key-of-this-server-0123");

        await AssertRefusedOnceAsync(RefusalReason.Auth, 401,
            () => client.PostAsync("/scores/increment", new { userId = Json.NewId("victim"), actionId = Json.NewId("a") }));
    }

    [Fact]
    public async Task Credit_with_a_malformed_body_is_counted_as_a_validation_refusal()
    {
        await AssertRefusedOnceAsync(RefusalReason.Validation, 400,
            () => fixture.Server.CreateServiceClient().PostAsync("/scores/increment", "{\"userId\": \"u\", \"actionId\": "));
    }

    private async Task AssertRefusedOnceAsync(string reason, int expectedStatus, Func<Task<(int Status, System.Text.Json.Nodes.JsonNode Body)>> send)
    {
        var before = await fixture.SettledScrapeAsync();
        var events = (await Ledger.EventsAsync(fixture.Server.DatabasePath)).Count;

        var (status, body) = await send();

        Assert.True(status == expectedStatus, $"{status} {body}");
        var after = "";
        await Waiting.UntilAsync(async () =>
        {
            after = await Exposition.ScrapeAsync(fixture.Server.Client);
            return Refused(after, reason) > Refused(before, reason);
        }, TimeSpan.FromSeconds(20), $"a {reason} refusal to be counted");
        after = await fixture.SettledScrapeAsync();
        Assert.Equal(Refused(before, reason) + 1, Refused(after, reason));
        Assert.Equal(Refused(before) + 1, Refused(after));
        Assert.Equal(Exposition.Sum(before, Credits, ("outcome", "applied")), Exposition.Sum(after, Credits, ("outcome", "applied")));
        Assert.Equal(events, (await Ledger.EventsAsync(fixture.Server.DatabasePath)).Count);
    }

    private static double Refused(string exposition, string? reason = null) => reason is null
        ? Exposition.Sum(exposition, Credits, ("outcome", "refused"))
        : Exposition.Sum(exposition, Credits, ("outcome", "refused"), ("reason", reason));

    private static System.Text.Json.Nodes.JsonObject Seed003(string user) =>
        SignedBodies.Seed003(Guid.NewGuid().ToString(), 10, user, MetricsFixture.HmacSecret);

    private static System.Text.Json.Nodes.JsonObject Seed002() =>
        SignedBodies.Seed002(Guid.NewGuid().ToString(), "TASK_COMPLETE", 10, secret: MetricsFixture.HmacSecret);
}

/// <summary>The reasons, spelled as the contract does (tests do not borrow the server's constants).</summary>
internal static class RefusalReason
{
    public const string Auth = "auth";
    public const string Signature = "signature";
    public const string RateLimit = "rate_limit";
    public const string Cooldown = "cooldown";
    public const string Validation = "validation";
}
