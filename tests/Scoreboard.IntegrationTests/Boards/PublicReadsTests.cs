using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Scoreboard.IntegrationTests.Infrastructure;
using Scoreboard.IntegrationTests.Live;
using Scoreboard.IntegrationTests.Security;

namespace Scoreboard.IntegrationTests.Boards;

/// <summary>
/// Anonymous public reads run their endpoint without the authentication steps; a reader must not be able to tell:
/// each reply equals, header for header and byte for byte, the one a signed-in reader gets through the full pipeline.
/// </summary>
public sealed class PublicReadsTests : IClassFixture<PublicReadsTests.Server>
{
    private const string Origin = "https://game.example";
    private readonly Server _server;

    public PublicReadsTests(Server server) => _server = server;

    public static TheoryData<string> Reads => new()
    {
        "/scoreboard/top?limit=10",
        "/scoreboard/top?boardId=levels&limit=5",
        "/leaderboard?limit=10",
        "/leaderboard?board=levels",
        "/api/v1/scores/leaderboard?limit=10",
        "/api/v1/scores/user/{user}",
        "/api/v1/scores/user/{user}?board=levels",
        "/api/v1/scores/user/{user}/around?radius=2",
        "/api/v1/scores/user/nobody_here",
        "/scoreboard/top?limit=0",
        "/api/v1/scores/user/{user}?period=nope",
    };

    [Theory]
    [MemberData(nameof(Reads))]
    public async Task An_anonymous_read_answers_exactly_what_a_signed_in_read_through_the_full_pipeline_answers(string read)
    {
        var path = read.Replace("{user}", await _server.UserAsync(), StringComparison.Ordinal);
        // The first read fills the cache (002's cacheHit is false then); the compared replies both come after it.
        using var filled = await SendAsync(path, token: true);

        foreach (var origin in new[] { null, Origin })
        {
            using var anonymous = await SendAsync(path, token: false, origin);
            using var signedIn = await SendAsync(path, token: true, origin);
            await AssertSameAsync(signedIn, anonymous, path);

            if (anonymous.Headers.ETag is { } etag)
            {
                using var anonymous304 = await SendAsync(path, token: false, origin, etag);
                using var signedIn304 = await SendAsync(path, token: true, origin, etag);
                Assert.Equal(304, (int)anonymous304.StatusCode);
                await AssertSameAsync(signedIn304, anonymous304, path + " (If-None-Match)");
            }
        }
    }

    [Fact]
    public async Task A_public_read_with_a_bad_token_is_answered_as_a_signed_in_one()
    {
        // A token, even a bad one, takes the full pipeline, where the board-read policy lets it read while reads are public.
        var path = "/api/v1/scores/user/" + await _server.UserAsync();
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "not.a.token");
        using var bad = await _server.Instance.Client.SendAsync(request);
        using var signedIn = await SendAsync(path, token: true);
        await AssertSameAsync(signedIn, bad, path);
    }

    [Fact]
    public async Task When_reads_need_a_token_every_public_read_refuses_an_anonymous_reader()
    {
        var environment = LiveBoardsFixture.Environment();
        environment["JWT_SECRET"] = Server.Secret;
        environment["Scoreboard__UserTokens__RequireForReads"] = "true";
        await using var strict = await ScoreboardServer.StartAsync(environment: environment);
        using var service = strict.CreateServiceClient();
        var user = await LiveBoardsFixture.CreditNewUserAsync(service, "LEVEL_UP", 5, "strict");
        var token = TestTokens.Hs256(Server.Secret, TestTokens.Claims("reader_1", issuer: null, audience: null, permission: null));
        foreach (var path in new[]
        {
            "/scoreboard/top", "/leaderboard?board=levels", "/api/v1/scores/leaderboard",
            $"/api/v1/scores/user/{user}", $"/api/v1/scores/user/{user}/around",
        })
        {
            // Twice: the second anonymous read comes after a signed-in read filled the cache.
            for (var round = 0; round < 2; round++)
            {
                using var anonymous = await strict.Client.GetAsync(path);
                Assert.True((int)anonymous.StatusCode == 401, $"{path} anonymous: {(int)anonymous.StatusCode}");
                var request = new HttpRequestMessage(HttpMethod.Get, path);
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                using var signedIn = await strict.Client.SendAsync(request);
                Assert.True((int)signedIn.StatusCode == 200, $"{path} signed in: {(int)signedIn.StatusCode}");
                var caching = signedIn.Headers.NonValidated.TryGetValues("Cache-Control", out var values) ? string.Join(",", values) : "";
                Assert.DoesNotContain("public", caching, StringComparison.Ordinal);
            }
        }
    }

    private static async Task AssertSameAsync(HttpResponseMessage expected, HttpResponseMessage actual, string path)
    {
        Assert.Equal(expected.StatusCode, actual.StatusCode);
        Assert.Equal(Headers(expected), Headers(actual));
        Assert.Equal(await BodyAsync(expected), await BodyAsync(actual));
        Assert.True(Headers(actual).Count > 2, $"{path}: {string.Join(", ", Headers(actual))}");
    }

    /// <summary>The body; in a refusal, its time of day masked (two refusals are never in the same millisecond).</summary>
    private static async Task<byte[]> BodyAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsByteArrayAsync();
        return (int)response.StatusCode < 400 ? body
            : System.Text.Encoding.UTF8.GetBytes(Regex.Replace(System.Text.Encoding.UTF8.GetString(body), @"T\d\d:\d\d:\d\d(\.\d+)?Z", "T..Z"));
    }

    /// <summary>Every response and content header but Date, as sent, sorted.</summary>
    private static List<string> Headers(HttpResponseMessage response) =>
    [
        .. response.Headers.NonValidated.Concat(response.Content.Headers.NonValidated)
            .Where(h => !h.Key.Equals("Date", StringComparison.OrdinalIgnoreCase))
            .Select(h => $"{h.Key.ToLowerInvariant()}: {string.Join(" | ", h.Value)}")
            .Order(StringComparer.Ordinal),
    ];

    private Task<HttpResponseMessage> SendAsync(string path, bool token, string? origin = null, EntityTagHeaderValue? etag = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (token)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", TestTokens.Hs256(Server.Secret, TestTokens.Claims("reader_1", issuer: null, audience: null, permission: null)));
        }

        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }

        if (etag is not null)
        {
            request.Headers.IfNoneMatch.Add(etag);
        }

        return _server.Instance.Client.SendAsync(request);
    }

    /// <summary>A server with CORS for one origin, a second board, and cached entries that live until the board changes.</summary>
    public sealed class Server : IAsyncLifetime
    {
        public const string Secret = "public-reads-jwt-secret-0123456789abcdef";
        private string? _user;

        public ScoreboardServer Instance { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            var environment = LiveBoardsFixture.Environment();
            environment["JWT_SECRET"] = Secret;
            environment["CORS_ORIGINS"] = Origin;
            // Long enough that no entry is rebuilt (with a new generatedAt) between the two replies compared.
            environment["Scoreboard__Reads__MaxAgeMs"] = "60000";
            Instance = await ScoreboardServer.StartAsync(environment: environment);
        }

        /// <summary>A user on both boards (credited once, on first use), among a few others.</summary>
        public async Task<string> UserAsync()
        {
            if (_user is null)
            {
                using var service = Instance.CreateServiceClient();
                for (var i = 0; i < 4; i++)
                {
                    await LiveBoardsFixture.CreditNewUserAsync(service, "LEVEL_UP", 10 + i, "other");
                }

                var user = await LiveBoardsFixture.CreditNewUserAsync(service, "LEVEL_UP", 7, "reader");
                var (status, _) = await service.PostAsync("/scores/increment", new { userId = user, actionId = Json.NewId("a") });
                Assert.Equal(200, status);
                _user = user;
            }

            return _user;
        }

        public async Task DisposeAsync() => await Instance.DisposeAsync();
    }
}
