using System.Collections.Concurrent;
using System.Net.Http.Headers;
using Scoreboard.IntegrationTests.Infrastructure;
using static Scoreboard.IntegrationTests.Security.SignedBodies;

namespace Scoreboard.IntegrationTests.Security;

/// <summary>
/// The global user-credit budget sheds the addresses that fill it, not everyone: a flood of fresh identities from one
/// address (a large NAT's per-address budget, so that one address can fill the global budget) leaves an honest user
/// behind another address able to credit.
/// </summary>
public sealed class FairSheddingTests : IAsyncLifetime
{
    private const int Identities = 100;
    private const int CreditsEach = 10;
    private const int Extra = 150;
    private ScoreboardServer _server = null!;

    public async Task InitializeAsync() => _server = await ScoreboardServer.StartAsync(environment: new Dictionary<string, string?>
    {
        ["JWT_SECRET"] = SecurityFixture.JwtSecret,
        ["HMAC_SECRET_KEY"] = SecurityFixture.HmacSecret,
        ["Scoreboard__RateLimits__PerIpPerMinute"] = "5000",
    });

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task A_flood_of_fresh_identities_from_one_address_leaves_an_honest_user_at_another_address_crediting()
    {
        var flooders = Enumerable.Range(0, Identities).Select(_ => Json.NewId("flood"))
            .SelectMany(user => Enumerable.Repeat(user, CreditsEach))
            .Concat(Enumerable.Range(0, Extra).Select(_ => Json.NewId("fresh")))
            .ToList();
        var statuses = new ConcurrentBag<int>();
        await Parallel.ForEachAsync(flooders, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (user, _) =>
            statuses.Add(await CreditAsync(_server.CreateClient(), user)));
        var floodStillShed = await CreditAsync(_server.CreateClient(), Json.NewId("late"));

        var honest = Json.NewId("honest");
        var honestStatus = await CreditAsync(FromAddress.Client(_server, "127.0.0.2"), honest);
        var (_, row) = await _server.Client.GetJsonAsync($"/api/v1/scores/user/{honest}");

        Assert.True(statuses.Count(s => s == 429) > 0, "the flood filled the global budget");
        Assert.Equal(429, floodStillShed);
        Assert.Equal(200, honestStatus);
        Assert.Equal(10, (long)row["data"]!["score"]!);
        var events = await Ledger.EventsAsync(_server.DatabasePath);
        Assert.Equal(statuses.Count(s => s == 200) + 1, events.Count);
    }

    private static async Task<int> CreditAsync(HttpClient client, string user)
    {
        using (client)
        {
            var token = TestTokens.Hs256(SecurityFixture.JwtSecret, TestTokens.Claims(user, issuer: null, audience: null, permission: null));
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var response = await client.PostAsync("/api/v1/scores/update", Json.Body(Seed000(Guid.NewGuid().ToString(), user).ToJsonString()));
            return (int)response.StatusCode;
        }
    }
}
