using System.Net;
using Scoreboard.IntegrationTests.Infrastructure;

namespace Scoreboard.IntegrationTests.Web;

/// <summary>CORS on the REST endpoints, from <c>CORS_ORIGINS</c>: what a browser on another origin is told.</summary>
[Trait("Backend", "embedded")] // Headers only; nothing here touches the store.
public sealed class CorsTests : IClassFixture<CorsTests.CorsServer>
{
    private const string Allowed = "https://game.example";
    private const string Other = "https://evil.example";
    private readonly CorsServer _fixture;

    public CorsTests(CorsServer fixture) => _fixture = fixture;

    [Fact]
    public async Task Preflight_from_an_allowed_origin_allows_the_headers_a_credit_needs()
    {
        using var response = await PreflightAsync("/scores/increment", Allowed, "x-api-key,content-type");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(Allowed, Header(response, "Access-Control-Allow-Origin"));
        var headers = Header(response, "Access-Control-Allow-Headers")!.ToUpperInvariant();
        Assert.Contains("X-API-KEY", headers, StringComparison.Ordinal);
        Assert.Contains("CONTENT-TYPE", headers, StringComparison.Ordinal);
        Assert.Contains("POST", Header(response, "Access-Control-Allow-Methods"), StringComparison.Ordinal);
        Assert.Null(Header(response, "Access-Control-Allow-Credentials"));
    }

    [Fact]
    public async Task Preflight_for_a_user_token_is_allowed_too()
    {
        using var response = await PreflightAsync("/api/v1/scores/update", Allowed, "authorization,content-type");

        Assert.Equal(Allowed, Header(response, "Access-Control-Allow-Origin"));
        Assert.Contains("AUTHORIZATION", Header(response, "Access-Control-Allow-Headers")!.ToUpperInvariant(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_read_from_an_allowed_origin_is_readable_and_from_another_origin_is_not()
    {
        using var allowed = await GetAsync("/scoreboard/top", Allowed);
        using var other = await GetAsync("/scoreboard/top", Other);

        Assert.Equal(Allowed, Header(allowed, "Access-Control-Allow-Origin"));
        Assert.Null(Header(other, "Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task Preflight_from_another_origin_gets_no_allowance()
    {
        using var response = await PreflightAsync("/scores/increment", Other, "x-api-key,content-type");

        Assert.Null(Header(response, "Access-Control-Allow-Origin"));
        Assert.Null(Header(response, "Access-Control-Allow-Headers"));
    }

    [Fact]
    public async Task Admin_endpoints_answer_no_cross_origin_request_by_default()
    {
        using var response = await PreflightAsync("/api/v1/admin/flags", Allowed, "x-admin-key");

        Assert.Null(Header(response, "Access-Control-Allow-Origin"));
    }

    private async Task<HttpResponseMessage> PreflightAsync(string path, string origin, string headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Options, path);
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", headers);
        return await _fixture.Server.Client.SendAsync(request);
    }

    private async Task<HttpResponseMessage> GetAsync(string path, string origin)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Origin", origin);
        var response = await _fixture.Server.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return response;
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : null;

    /// <summary>A server whose CORS_ORIGINS lists one site, with the admin endpoints on.</summary>
    public sealed class CorsServer : IAsyncLifetime
    {
        public ScoreboardServer Server { get; private set; } = null!;

        public async Task InitializeAsync() => Server = await ScoreboardServer.StartAsync(environment: new Dictionary<string, string?>
        {
            ["CORS_ORIGINS"] = Allowed,
            ["SCOREBOARD_ADMIN_KEY"] = "cors-admin-key-0123456789",
        });

        public async Task DisposeAsync() => await Server.DisposeAsync();
    }
}
