using Scoreboard.IntegrationTests.Infrastructure;

namespace Scoreboard.IntegrationTests.Live;

/// <summary>
/// Live channels run in their own short pipeline; these prove they still get what the general one gives every request:
/// the client address from a trusted proxy (the per-address share counts it), CORS for a page on an allowed origin,
/// the metrics port serving nothing else, and the board-read policy's challenge.
/// </summary>
public sealed class LivePipelineTests
{
    private const string Page = "https://game.example";

    [Fact]
    public async Task Per_address_share_counts_the_address_a_trusted_proxy_forwards()
    {
        await using var server = await ScoreboardServer.StartAsync(environment: new Dictionary<string, string?>
        {
            // The test client is the trusted proxy; each forwarded client may hold 2 of the 10 connections.
            ["KNOWN_PROXIES"] = "127.0.0.1/32",
            ["Scoreboard__Live__MaxConnections"] = "10",
            ["Scoreboard__Live__AddressSharePercent"] = "20",
        });
        using var client = server.CreateClient();
        client.Timeout = Timeout.InfiniteTimeSpan;

        using var first = await OpenStreamAsync(client, "203.0.113.5");
        using var second = await OpenStreamAsync(client, "203.0.113.5");
        using var third = await OpenStreamAsync(client, "203.0.113.5");
        using var other = await OpenStreamAsync(client, "203.0.113.6");

        Assert.Equal([200, 200, 429, 200], new[] { first, second, third, other }.Select(r => (int)r.StatusCode));
        Assert.Equal("TOO_MANY_CONNECTIONS", (string?)(await Json.ReadAsync(third))["error"]!["code"]);
    }

    [Fact]
    public async Task An_event_stream_opened_from_an_allowed_page_carries_the_CORS_allowance()
    {
        await using var server = await ScoreboardServer.StartAsync(environment: new Dictionary<string, string?> { ["CORS_ORIGINS"] = Page });
        using var client = server.CreateClient();
        client.Timeout = Timeout.InfiniteTimeSpan;

        foreach (var path in new[] { "/leaderboard/stream", "/channels/public:leaderboard" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Add("Origin", Page);
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, Timeouts.Token());

            Assert.Equal(200, (int)response.StatusCode);
            Assert.Equal(Page, Header(response, "Access-Control-Allow-Origin"));
            Assert.Contains("Retry-After", Header(response, "Access-Control-Expose-Headers") ?? "", StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Live_channels_are_not_served_on_the_metrics_port()
    {
        var port = FreePort.Next();
        await using var server = await ScoreboardServer.StartAsync(environment: new Dictionary<string, string?>
        {
            ["Scoreboard__Metrics__Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Scoreboard__Metrics__Access"] = "Open",
        });
        using var metrics = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };

        using var refused = await metrics.GetAsync("/leaderboard/stream", HttpCompletionOption.ResponseHeadersRead, Timeouts.Token());
        Assert.Equal(404, (int)refused.StatusCode);
        using var scrape = await metrics.GetAsync("/metrics", Timeouts.Token());
        Assert.Equal(200, (int)scrape.StatusCode);
    }

    [Fact]
    public async Task When_reads_need_a_token_a_live_channel_is_challenged_like_a_read()
    {
        await using var server = await ScoreboardServer.StartAsync(environment: new Dictionary<string, string?>
        {
            ["Scoreboard__UserTokens__RequireForReads"] = "true",
        });
        foreach (var token in new[] { null, "not-a-token" })
        {
            using var read = await SendAsync(server, "/leaderboard", token);
            using var live = await SendAsync(server, "/leaderboard/stream", token);

            Assert.Equal(401, (int)read.StatusCode);
            Assert.Equal(401, (int)live.StatusCode);
            // The same challenge as a read gets, with or without a (bad) token.
            Assert.Equal(Header(read, "WWW-Authenticate"), Header(live, "WWW-Authenticate"));
        }
    }

    private static async Task<HttpResponseMessage> SendAsync(ScoreboardServer server, string path, string? token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (token is not null)
        {
            request.Headers.Authorization = new("Bearer", token);
        }

        return await server.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, Timeouts.Token());
    }

    private static async Task<HttpResponseMessage> OpenStreamAsync(HttpClient client, string forwardedFor)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/leaderboard/stream");
        request.Headers.Accept.ParseAdd("text/event-stream");
        request.Headers.Add("X-Forwarded-For", forwardedFor);
        return await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, Timeouts.Token());
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : null;
}
