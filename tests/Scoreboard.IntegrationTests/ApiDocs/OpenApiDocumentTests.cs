using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Scoreboard.IntegrationTests.Infrastructure;

namespace Scoreboard.IntegrationTests.ApiDocs;

/// <summary>The OpenAPI document a real server serves: lint-clean, and true about the refusals it documents.</summary>
[Trait("Backend", "embedded")] // The document does not depend on the store.
public sealed class OpenApiDocumentTests : IClassFixture<OpenApiDocumentTests.DocsServer>
{
    private readonly DocsServer _fixture;

    public OpenApiDocumentTests(DocsServer fixture) => _fixture = fixture;

    [Fact]
    public async Task Document_passes_redocly_lint_with_the_recommended_rules_and_no_warnings()
    {
        var document = await _fixture.Server.Client.GetStringAsync("/openapi/v1.json");

        var (errors, warnings, problems) = await RedoclyLint.RunAsync(document);

        Assert.True(errors == 0 && warnings == 0, $"{errors} errors, {warnings} warnings:\n{problems}");
    }

    [Fact]
    public async Task Every_operation_names_its_credentials_and_refuses_without_them_as_documented()
    {
        var document = JsonNode.Parse(await _fixture.Server.Client.GetStringAsync("/openapi/v1.json"))!;
        Assert.Equal(["AdminKey", "ApiKey", "Bearer"], document["components"]!["securitySchemes"]!.AsObject().Select(s => s.Key).Order());
        Assert.Equal("X-ADMIN-KEY", (string?)document["components"]!["securitySchemes"]!["AdminKey"]!["name"]);
        Assert.Equal("X-API-KEY", (string?)document["components"]!["securitySchemes"]!["ApiKey"]!["name"]);

        var checkedOperations = 0;
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            foreach (var (method, operation) in item!.AsObject())
            {
                var requirements = operation!["security"]?.AsArray();
                if (requirements is null || requirements.Any(r => r!.AsObject().Count == 0))
                {
                    continue; // public, or a token only optionally
                }

                var documented = operation["responses"]!["401"]!["content"]!["application/json"]!["examples"]!.AsObject().Select(e => e.Key).ToList();
                using var request = new HttpRequestMessage(HttpMethod.Parse(method), path.Replace("{id}", "1").Replace("{userId}", "user_1").Replace("{type}", "LEVEL_UP"));
                if (operation["requestBody"] is not null)
                {
                    request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
                }

                using var response = await _fixture.Server.Client.SendAsync(request);
                var text = await response.Content.ReadAsStringAsync();
                Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{method} {path} without credentials: {(int)response.StatusCode} {text}");
                Assert.Contains(Code(JsonNode.Parse(text)!), documented);
                checkedOperations++;
            }
        }

        Assert.True(checkedOperations >= 10, $"only {checkedOperations} operations require credentials");
    }

    [Fact]
    public async Task Credits_show_their_request_body_with_an_example_and_their_error_codes()
    {
        var document = JsonNode.Parse(await _fixture.Server.Client.GetStringAsync("/openapi/v1.json"))!;
        var increment = document["paths"]!["/scores/increment"]!["post"]!;

        Assert.Equal("#/components/schemas/IncrementRequest", (string?)increment["requestBody"]!["content"]!["application/json"]!["schema"]!["$ref"]);
        Assert.Equal("action-uuid-123", (string?)increment["requestBody"]!["content"]!["application/json"]!["example"]!["actionId"]);
        Assert.Equal(["ApiKey"], increment["security"]!.AsArray().SelectMany(r => r!.AsObject().Select(s => s.Key)));
        Assert.NotNull(increment["responses"]!["409"]!["content"]!["application/json"]!["examples"]!["CONFLICT"]);
        Assert.NotNull(increment["responses"]!["429"]!["content"]!["application/json"]!["examples"]!["RATE_LIMIT_EXCEEDED"]);
        Assert.Equal("#/components/schemas/PlainError", (string?)increment["responses"]!["400"]!["content"]!["application/json"]!["schema"]!["$ref"]);
    }

    [Fact]
    public async Task Reads_that_take_a_board_document_board_and_period_and_refuse_as_documented()
    {
        var document = JsonNode.Parse(await _fixture.Server.Client.GetStringAsync("/openapi/v1.json"))!;
        var taking = new Dictionary<string, List<string>>();
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            if (item!["get"] is { } operation && Queries(operation) is { } names && names.Contains("board"))
            {
                taking[path] = names;
                Assert.Contains("period", names);
                var requirements = operation["security"]?.AsArray();
                if (operation["responses"]?["200"]?["content"]?["application/json"] is null
                    || (requirements is not null && requirements.All(r => r!.AsObject().Count > 0)))
                {
                    continue; // a page (its refusal is a page), or the credential check comes first
                }

                var url = path.Replace("{userId}", "user_1");
                Assert.Equal(("INVALID_BOARD", HttpStatusCode.BadRequest), await RefusalAsync($"{url}?board=!"));
                Assert.Equal(("BOARD_NOT_FOUND", HttpStatusCode.NotFound), await RefusalAsync($"{url}?board=no-such-board"));
                Assert.Equal(("INVALID_PERIOD", HttpStatusCode.BadRequest), await RefusalAsync($"{url}?period=!"));
            }
        }

        string[] seedReads = ["/api/v1/leaderboard", "/leaderboard", "/api/v1/scores/leaderboard", "/api/v1/scores/user/{userId}", "/api/v1/scores/user/{userId}/around", "/scoreboard/top"];
        string[] liveChannels = ["/ws/leaderboard", "/leaderboard/stream", "/socket.io", "/api/v1/scores/leaderboard/changes", "/channels/public:leaderboard", "/ws/scoreboard"];
        Assert.All(seedReads.Concat(liveChannels), path => Assert.True(taking.ContainsKey(path), $"{path} does not document board/period"));
        Assert.Contains("boardId", taking["/scoreboard/top"]);
        Assert.Contains("boardId", taking["/ws/scoreboard"]);
    }

    private static List<string>? Queries(JsonNode operation) =>
        operation["parameters"]?.AsArray().Where(p => (string?)p!["in"] == "query").Select(p => (string)p!["name"]!).ToList();

    private async Task<(string? Code, HttpStatusCode Status)> RefusalAsync(string url)
    {
        using var response = await _fixture.Server.Client.GetAsync(url);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.Content.Headers.ContentType?.MediaType == "application/json", $"{url}: {(int)response.StatusCode} {text}");
        return (Code(JsonNode.Parse(text)!), response.StatusCode);
    }

    [Fact]
    public async Task Live_channels_are_described_with_their_frames()
    {
        var document = JsonNode.Parse(await _fixture.Server.Client.GetStringAsync("/openapi/v1.json"))!;

        var scoreboard = document["paths"]!["/ws/scoreboard"]!["get"]!;
        Assert.Equal("#/components/schemas/Seed004Board", (string?)scoreboard["responses"]!["101"]!["content"]!["application/json"]!["schema"]!["$ref"]);
        Assert.NotNull(document["paths"]!["/leaderboard/stream"]!["get"]!["responses"]!["200"]!["content"]!["text/event-stream"]);
        Assert.NotNull(document["paths"]!["/channels/public:leaderboard"]!["get"]!["responses"]!["101"]);
        Assert.Contains("rank:changed", (string?)document["info"]!["description"], StringComparison.Ordinal);
    }

    private static string? Code(JsonNode body) =>
        body["code"] is JsonValue code ? (string?)code : (string?)body["error"]?["code"];

    /// <summary>A server with every optional route mapped: the admin area and the demo.</summary>
    public sealed class DocsServer : IAsyncLifetime
    {
        public ScoreboardServer Server { get; private set; } = null!;

        public async Task InitializeAsync() => Server = await ScoreboardServer.StartAsync(environment: new Dictionary<string, string?>
        {
            ["SCOREBOARD_ADMIN_KEY"] = "docs-admin-key-0123456789",
            ["Scoreboard__Live__DemoEnabled"] = "true",
        });

        public async Task DisposeAsync() => await Server.DisposeAsync();
    }
}
