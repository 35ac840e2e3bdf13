using System.Text.Json.Nodes;
using Scoreboard.IntegrationTests.Infrastructure;

namespace Scoreboard.IntegrationTests.Webhooks;

/// <summary>The subscriptions API refuses what it cannot deliver, with a code and the field, and stores nothing then.</summary>
public sealed class WebhookInputTests : IAsyncLifetime
{
    private ScoreboardServer _server = null!;

    public async Task InitializeAsync() => _server = await ScoreboardServer.StartAsync(environment: new Dictionary<string, string?>
    {
        ["SCOREBOARD_ADMIN_KEY"] = Subscriber.AdminKey,
    });

    public async Task DisposeAsync() => await _server.DisposeAsync();

    public static TheoryData<string, string> BadBodies => new()
    {
        { """{"events":["period.ended"],"secret":"0123456789abcdef"}""", "url" },
        { """{"url":"ftp://example.com/x","events":["period.ended"],"secret":"0123456789abcdef"}""", "url" },
        { """{"url":"/relative","events":["period.ended"],"secret":"0123456789abcdef"}""", "url" },
        { """{"url":"https://user:pw@example.com/x","events":["period.ended"],"secret":"0123456789abcdef"}""", "url" },
        { $$"""{"url":"https://example.com/{{new string('a', 2100)}}","events":["period.ended"],"secret":"0123456789abcdef"}""", "url" },
        // Deliveries to loopback or private addresses are off unless the setting allows them (SSRF).
        { """{"url":"http://127.0.0.1:9/x","events":["period.ended"],"secret":"0123456789abcdef"}""", "url" },
        { """{"url":"http://169.254.169.254/latest/meta-data","events":["period.ended"],"secret":"0123456789abcdef"}""", "url" },
        { """{"url":"http://localhost/x","events":["period.ended"],"secret":"0123456789abcdef"}""", "url" },
        { """{"url":"http://[::1]/x","events":["period.ended"],"secret":"0123456789abcdef"}""", "url" },
        { """{"url":"https://example.com/x","events":[],"secret":"0123456789abcdef"}""", "events" },
        { """{"url":"https://example.com/x","events":["score.changed"],"secret":"0123456789abcdef"}""", "events" },
        { """{"url":"https://example.com/x","events":["period.ended","period.ended"],"secret":"0123456789abcdef"}""", "events" },
        { """{"url":"https://example.com/x","secret":"0123456789abcdef"}""", "events" },
        { """{"url":"https://example.com/x","events":["period.ended"],"secret":"too-short"}""", "secret" },
        { """{"url":"https://example.com/x","events":["period.ended"]}""", "secret" },
        { $$"""{"url":"https://example.com/x","events":["period.ended"],"secret":"{{new string('s', 257)}}"}""", "secret" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task A_bad_subscription_is_refused_with_its_field_and_nothing_is_stored(string body, string field)
    {
        using var admin = Subscriber.Admin(_server);

        var (status, reply) = await admin.PostAsync("/api/v1/admin/webhooks", body);

        Assert.True(status == 400, $"{status} {reply}");
        Assert.False((bool)reply["success"]!);
        Assert.Equal("INVALID_WEBHOOK", (string?)reply["error"]!["code"]);
        Assert.Equal(field, (string?)reply["error"]!["details"]!["field"]);
        Assert.Empty(await ListAsync(admin));
    }

    [Fact]
    public async Task Malformed_json_and_a_wrong_content_type_are_refused_with_codes()
    {
        using var admin = Subscriber.Admin(_server);
        var (malformed, malformedBody) = await admin.PostAsync("/api/v1/admin/webhooks", """{"url": """);
        using var text = await admin.PostAsync("/api/v1/admin/webhooks", new StringContent("url=x", System.Text.Encoding.UTF8, "text/plain"));

        Assert.Equal(400, malformed);
        Assert.Equal("INVALID_REQUEST", (string?)malformedBody["error"]!["code"]);
        Assert.Equal(415, (int)text.StatusCode);
        Assert.Empty(await ListAsync(admin));
    }

    [Fact]
    public async Task Subscriptions_need_the_admin_key_never_show_their_secret_and_are_bounded()
    {
        using var anonymous = _server.CreateClient();
        var (refused, _) = await anonymous.PostAsync("/api/v1/admin/webhooks",
            """{"url":"https://example.com/x","events":["period.ended"],"secret":"0123456789abcdef"}""");
        Assert.Equal(401, refused);

        using var admin = Subscriber.Admin(_server);
        var ids = new List<string>();
        for (var i = ids.Count; i < 20; i++)
        {
            ids.Add(await Subscriber.SubscribeAsync(admin, $"https://example.com/hooks/{i}", "period.ended", "user.erased"));
        }

        var (over, overBody) = await admin.PostAsync("/api/v1/admin/webhooks",
            """{"url":"https://example.com/x","events":["period.ended"],"secret":"0123456789abcdef"}""");
        Assert.Equal(409, over);
        Assert.Equal("WEBHOOK_LIMIT_REACHED", (string?)overBody["error"]!["code"]);
        Assert.Equal(20, (await ListAsync(admin)).Count);

        var (got, one) = await admin.GetJsonAsync($"/api/v1/admin/webhooks/{ids[0]}");
        Assert.Equal(200, got);
        Assert.Equal(["period.ended", "user.erased"], one["data"]!["events"]!.AsArray().Select(e => (string)e!));
        Assert.DoesNotContain(Subscriber.Secret, one.ToJsonString(), StringComparison.Ordinal);
        Assert.Null(one["data"]!["secret"]);

        foreach (var id in ids)
        {
            using var deleted = await admin.DeleteAsync($"/api/v1/admin/webhooks/{id}");
            Assert.Equal(200, (int)deleted.StatusCode);
        }

        using var gone = await admin.DeleteAsync($"/api/v1/admin/webhooks/{ids[0]}");
        var (missing, missingBody) = await admin.GetJsonAsync($"/api/v1/admin/webhooks/{ids[0]}/deliveries");
        Assert.Equal(404, (int)gone.StatusCode);
        Assert.Equal(404, missing);
        Assert.Equal("WEBHOOK_NOT_FOUND", (string?)missingBody["error"]!["code"]);
        Assert.Empty(await ListAsync(admin));
    }

    private static async Task<JsonArray> ListAsync(HttpClient admin)
    {
        var (status, body) = await admin.GetJsonAsync("/api/v1/admin/webhooks");
        Assert.Equal(200, status);
        return body["data"]!.AsArray();
    }
}
