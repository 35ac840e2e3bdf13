using Scoreboard.IntegrationTests.Infrastructure;

namespace Scoreboard.IntegrationTests;

/// <summary>Every write endpoint, fed what a careless or hostile client sends: a clear 4xx with a code, and nothing changes.</summary>
[Collection(ServerCollection.Name)]
public sealed class BadInputTests(ServerFixture fixture)
{
    private const string Key = ScoreboardServer.ApiKey;
    private static readonly string Oversized = $$"""{"userId":"u1","actionId":"a1","reason":"{{new string('x', 20_000)}}"}""";
    private static readonly string DeeplyNested = $$"""{"userId":"u1","actionId":"a1","extra":{{new string('[', 5_000)}}{{new string(']', 5_000)}}}""";

    public static TheoryData<string, string, string?, string, int, string> Cases => new()
    {
        // path, body, X-API-KEY, content type, expected status, expected code
        { "/scores/increment", """{"userId":"u1","actionId":"a1"}""", null, "application/json", 401, "UNAUTHENTICATED" },
        { "/scores/increment", """{"userId":"u1","actionId":"a1"}""", "wrong-key-0123456789", "application/json", 401, "UNAUTHENTICATED" },
        { "/scores/increment", """{"userId":"u1","actionId":""", Key, "application/json", 400, "INVALID_REQUEST" },
        { "/scores/increment", "not json at all", Key, "application/json", 400, "INVALID_REQUEST" },
        { "/scores/increment", "[]", Key, "application/json", 400, "INVALID_REQUEST" },
        { "/scores/increment", "null", Key, "application/json", 400, "INVALID_REQUEST" },
        { "/scores/increment", """{"userId":123,"actionId":"a1"}""", Key, "application/json", 400, "INVALID_REQUEST" },
        { "/scores/increment", """{"userId":"u1","actionId":["a1"]}""", Key, "application/json", 400, "INVALID_REQUEST" },
        { "/scores/increment", """{"actionId":"a1"}""", Key, "application/json", 400, "INVALID_REQUEST" },
        { "/scores/increment", """{"userId":"u1"}""", Key, "application/json", 400, "INVALID_REQUEST" },
        { "/scores/increment", $$"""{"userId":"{{new string('u', 65)}}","actionId":"a1"}""", Key, "application/json", 400, "INVALID_REQUEST" },
        { "/scores/increment", """{"userId":"u\u00001","actionId":"a1"}""", Key, "application/json", 400, "INVALID_REQUEST" },
        { "/scores/increment", """{"userId":"'; DROP TABLE score_events; --","actionId":"a1"}""", Key, "application/json", 400, "INVALID_REQUEST" },
        { "/scores/increment", """{"userId":"u1","actionId":"a 1"}""", Key, "application/json", 400, "INVALID_REQUEST" },
        { "/scores/increment", $$"""{"userId":"u1","actionId":"{{new string('a', 129)}}"}""", Key, "application/json", 400, "INVALID_REQUEST" },
        { "/scores/increment", """{"userId":"u1","actionId":"a1","reason":"line\nbreak"}""", Key, "application/json", 400, "INVALID_REQUEST" },
        { "/scores/increment", """{"userId":"u1","actionId":"a1"}""", Key, "text/plain", 415, "UNSUPPORTED_MEDIA_TYPE" },
        { "/scores/increment", Oversized, Key, "application/json", 413, "PAYLOAD_TOO_LARGE" },
        { "/scores/increment", DeeplyNested, Key, "application/json", 400, "INVALID_REQUEST" },
        { "/scores", """{"user_id":"u1","action_id":"complete_level_5"}""", null, "application/json", 401, "UNAUTHORIZED" },
        { "/scores", """{"user_id":"u1","action_id":"complete_level_5"}""", "wrong-key-0123456789", "application/json", 401, "UNAUTHORIZED" },
        { "/scores", """{"user_id":"u1","action_id":"complete_level_5" """, Key, "application/json", 400, "INVALID_REQUEST" },
        { "/scores", """{"user_id":"u1","action_id":5}""", Key, "application/json", 400, "INVALID_REQUEST" },
        { "/scores", """{"user_id":"u 1","action_id":"complete_level_5"}""", Key, "application/json", 400, "INVALID_REQUEST" },
        { "/scores", """{"user_id":"u1","action_id":"<script>"}""", Key, "application/json", 400, "INVALID_REQUEST" },
        { "/scores", """{"user_id":"u1"}""", Key, "application/json", 400, "INVALID_REQUEST" },
        { "/scores", """{"user_id":"u1","action_id":"no_such_action"}""", Key, "application/json", 422, "UNKNOWN_ACTION_TYPE" },
        { "/scores", """{"user_id":"u1","action_id":"complete_level_5","username":"\u0007"}""", Key, "application/json", 400, "INVALID_REQUEST" },
        { "/scores", Oversized, Key, "application/json", 413, "PAYLOAD_TOO_LARGE" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Bad_write_is_refused_with_a_code_and_changes_nothing(
        string path, string body, string? apiKey, string contentType, int expectedStatus, string expectedCode)
    {
        var before = await BoardState.CaptureAsync(fixture.Server);
        using var client = fixture.Server.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, System.Text.Encoding.UTF8, contentType) };
        if (apiKey is not null)
        {
            request.Headers.Add("X-API-KEY", apiKey);
        }

        using var response = await client.SendAsync(request);
        var reply = await Json.ReadAsync(response);

        Assert.Equal(expectedStatus, (int)response.StatusCode);
        Assert.Equal(expectedCode, (string?)reply["error"]!["code"]);
        Assert.False(string.IsNullOrWhiteSpace((string?)reply["error"]!["message"]));
        Assert.Equal(before, await BoardState.CaptureAsync(fixture.Server));
    }

    public static TheoryData<string> MalformedIdempotencyKeys => new() { "has space", "quote\"d", new string('k', 129) };

    [Theory]
    [MemberData(nameof(MalformedIdempotencyKeys))]
    public async Task Malformed_idempotency_key_is_refused_and_changes_nothing(string idempotencyKey)
    {
        var before = await BoardState.CaptureAsync(fixture.Server);
        using var client = fixture.Server.CreateServiceClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/scores") { Content = Json.Body(new { user_id = "u1", action_id = "complete_level_5" }) };
        request.Headers.TryAddWithoutValidation("Idempotency-Key", idempotencyKey);

        using var response = await client.SendAsync(request);

        Assert.Equal(400, (int)response.StatusCode);
        Assert.Equal("INVALID_REQUEST", (string?)(await Json.ReadAsync(response))["error"]!["code"]);
        Assert.Equal(before, await BoardState.CaptureAsync(fixture.Server));
    }

    [Theory]
    [InlineData("/scoreboard/top?limit=0", "INVALID_REQUEST")]
    [InlineData("/scoreboard/top?limit=51", "INVALID_REQUEST")]
    [InlineData("/scoreboard/top?limit=ten", "INVALID_REQUEST")]
    [InlineData("/scoreboard/top?limit=-1", "INVALID_REQUEST")]
    [InlineData("/leaderboard?limit=101", "INVALID_REQUEST")]
    [InlineData("/leaderboard?limit=1.5", "INVALID_REQUEST")]
    [InlineData("/api/v1/scores/leaderboard?limit=0", "INVALID_REQUEST")]
    [InlineData("/api/v1/scores/leaderboard?offset=-1", "INVALID_REQUEST")]
    [InlineData("/api/v1/scores/leaderboard?offset=abc", "INVALID_REQUEST")]
    [InlineData("/api/v1/scores/leaderboard?offset=99999999999", "INVALID_REQUEST")]
    [InlineData("/api/v1/scores/user/bad%20id", "INVALID_REQUEST")]
    [InlineData("/api/v1/scores/user/u1/around?radius=51", "INVALID_REQUEST")]
    public async Task Bad_query_is_refused_with_a_code(string path, string code)
    {
        var (status, body) = await fixture.Server.Client.GetJsonAsync(path);

        Assert.Equal(400, status);
        Assert.Equal(code, (string?)body["error"]!["code"]);
    }
}
