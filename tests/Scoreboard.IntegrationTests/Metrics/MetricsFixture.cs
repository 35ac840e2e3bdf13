using System.Net.Http.Headers;
using Scoreboard.IntegrationTests.Infrastructure;
using Scoreboard.IntegrationTests.Security;

namespace Scoreboard.IntegrationTests.Metrics;

/// <summary>One server with user tokens and signing on, and a real Prometheus scraping it every second.</summary>
public sealed class MetricsFixture : IAsyncLifetime
{
    public const string JwtSecret = "metrics-jwt-secret-0123456789abcdefgh";
    public const string HmacSecret = "metrics-hmac-secret-0123456789";

    /// <summary>User credits per user per window: small, so a test reaches the budget in a few requests.</summary>
    public const int PerUser = 3;

    public ScoreboardServer Server { get; private set; } = null!;

    public PrometheusServer Prometheus { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Server = await ScoreboardServer.StartAsync(environment: new Dictionary<string, string?>
        {
            ["JWT_SECRET"] = JwtSecret,
            ["HMAC_SECRET_KEY"] = HmacSecret,
            ["RATE_LIMIT_MAX_REQUESTS"] = PerUser.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        Prometheus = await PrometheusServer.StartAsync(Server.BaseAddress);
    }

    public async Task DisposeAsync()
    {
        await Prometheus.DisposeAsync();
        await Server.DisposeAsync();
    }

    /// <summary>A client acting as <paramref name="userId"/> with a valid HS256 token.</summary>
    public HttpClient UserClient(string userId)
    {
        var client = Server.CreateClient();
        var token = TestTokens.Hs256(JwtSecret, TestTokens.Claims(userId, issuer: null, audience: null, permission: null));
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>The sum of a counter's samples with these labels, read from the server's own exposition.</summary>
    public async Task<double> CountAsync(string metric, params (string, string)[] labels) =>
        Exposition.Sum(await SettledScrapeAsync(), metric, labels);

    /// <summary>
    /// The exposition once the credit counts stopped moving: a request is counted just after its reply is sent, and the
    /// exporter serves a cached collection for a moment, so a reading taken right after a reply may miss that reply.
    /// </summary>
    public async Task<string> SettledScrapeAsync()
    {
        var last = await Exposition.ScrapeAsync(Server.Client);
        while (true)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(700));
            var next = await Exposition.ScrapeAsync(Server.Client);
            if (Exposition.Sum(next, "scoreboard_credits_total") == Exposition.Sum(last, "scoreboard_credits_total"))
            {
                return next;
            }

            last = next;
        }
    }
}

[CollectionDefinition(Name)]
public sealed class MetricsCollection : ICollectionFixture<MetricsFixture>
{
    public const string Name = "metrics";
}
