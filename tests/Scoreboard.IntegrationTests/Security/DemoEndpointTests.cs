using System.Text.Json.Nodes;
using Scoreboard.IntegrationTests.Infrastructure;

namespace Scoreboard.IntegrationTests.Security;

/// <summary>
/// The demo's open endpoints: demo tokens exist only in the demo (the README's run command, the Demo environment), and
/// there both they and "play as a user" are limited per address, so a script cannot flood the board or mint identities.
/// </summary>
public sealed class DemoEndpointTests : IAsyncLifetime
{
    private const int PerAddress = 30;
    private ScoreboardServer _demo = null!;
    private ScoreboardServer _production = null!;

    public async Task InitializeAsync()
    {
        _demo = await ScoreboardServer.StartAsync(environment: new Dictionary<string, string?> { ["ASPNETCORE_ENVIRONMENT"] = "Demo" });
        // No JWT_SECRET and no identity provider, but not the demo either.
        _production = await ScoreboardServer.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _demo.DisposeAsync();
        await _production.DisposeAsync();
    }

    [Fact]
    public async Task Outside_the_demo_no_token_is_minted_even_without_JWT_SECRET()
    {
        var (status, body) = await _production.Client.PostAsync("/api/v1/demo/token", new JsonObject { ["name"] = "Mallory" });

        Assert.True(status == 404, $"{status} {body}");
    }

    [Fact]
    [Trait("Backend", "embedded")] // Distributed mode needs a shared JWT_SECRET, which turns demo tokens off.
    public async Task Demo_tokens_are_limited_per_address()
    {
        var statuses = new List<int>();
        for (var i = 0; i < PerAddress + 5; i++)
        {
            var (status, body) = await _demo.Client.PostAsync("/api/v1/demo/token", new JsonObject { ["name"] = $"Guest {i}" });
            statuses.Add(status);
            if (status == 429)
            {
                Assert.Equal("RATE_LIMIT_EXCEEDED", (string?)body["error"]!["code"]);
            }
        }

        Assert.Equal(Enumerable.Repeat(200, PerAddress).Concat(Enumerable.Repeat(429, 5)), statuses);
    }

    [Fact]
    public async Task Play_as_a_user_is_limited_per_address_and_refused_calls_credit_nothing()
    {
        var replies = await Task.WhenAll(Enumerable.Range(0, PerAddress * 3).Select(async i =>
        {
            using var client = _demo.CreateClient();
            using var response = await client.PostAsync("/api/v1/demo/play", Json.Body(new { name = $"Player {i % 5}" }));
            return ((int)response.StatusCode, response.Headers.RetryAfter?.Delta);
        }));
        var events = await Ledger.EventsAsync(_demo.DatabasePath);

        Assert.Equal(PerAddress, replies.Count(r => r.Item1 == 200));
        Assert.All(replies.Where(r => r.Item1 != 200), r =>
        {
            Assert.Equal(429, r.Item1);
            Assert.True(r.Delta > TimeSpan.Zero, "429 carries Retry-After");
        });
        Assert.Equal(PerAddress, events.Count(e => e.Source == "demo"));
        Assert.Equal(PerAddress * 10L, events.Where(e => e.Source == "demo").Sum(e => e.Points));
    }
}
