using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Scoreboard.IntegrationTests.Infrastructure;
using Scoreboard.IntegrationTests.Security;
using static Scoreboard.IntegrationTests.Security.SignedBodies;

namespace Scoreboard.IntegrationTests.Webhooks;

/// <summary>What the webhook tests do as an operator and as a player: subscribe, read deliveries, get a user flagged.</summary>
public static class Subscriber
{
    public const string AdminKey = "webhooks-admin-key-0123456789";
    public const string Secret = "whsec-test-0123456789abcdef";

    /// <summary>A server whose receiver may be on loopback, retrying quickly, where a user's first credit is already flagged.</summary>
    public static Dictionary<string, string?> Environment(int maxAttempts = 8) => new()
    {
        ["SCOREBOARD_ADMIN_KEY"] = AdminKey,
        ["JWT_SECRET"] = SecurityFixture.JwtSecret,
        ["HMAC_SECRET_KEY"] = SecurityFixture.HmacSecret,
        ["Scoreboard__AntiCheat__MinPoints"] = "10",
        ["Scoreboard__AntiCheat__GrowthFactor"] = "1",
        ["Scoreboard__Webhooks__AllowPrivateTargets"] = "true",
        ["Scoreboard__Webhooks__FirstRetryMs"] = "300",
        ["Scoreboard__Webhooks__MaxRetryMs"] = "1000",
        ["Scoreboard__Webhooks__PollIntervalMs"] = "200",
        ["Scoreboard__Webhooks__TimeoutMs"] = "2000",
        ["Scoreboard__Webhooks__MaxAttempts"] = maxAttempts.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    public static HttpClient Admin(ScoreboardServer server)
    {
        var client = server.CreateClient();
        client.DefaultRequestHeaders.Add("X-ADMIN-KEY", AdminKey);
        return client;
    }

    public static async Task<string> SubscribeAsync(HttpClient admin, string url, params string[] events)
    {
        var (status, body) = await admin.PostAsync("/api/v1/admin/webhooks", new JsonObject
        {
            ["url"] = url, ["events"] = new JsonArray([.. events.Select(e => (JsonNode)e)]), ["secret"] = Secret,
        }.ToJsonString());
        Assert.True(status == 201, $"subscribe: {status} {body}");
        return (string)body["data"]!["id"]!;
    }

    public static async Task<JsonArray> DeliveriesAsync(HttpClient admin, string subscription, string? status = null)
    {
        var (code, body) = await admin.GetJsonAsync($"/api/v1/admin/webhooks/{subscription}/deliveries{(status is null ? "" : $"?status={status}")}");
        Assert.True(code == 200, $"deliveries: {code} {body}");
        return body["data"]!.AsArray();
    }

    /// <summary>One signed user credit: with the server's anomaly settings it flags the user at once.</summary>
    public static async Task CreditAsync(ScoreboardServer server, string user)
    {
        using var client = server.CreateClient();
        var token = TestTokens.Hs256(SecurityFixture.JwtSecret, TestTokens.Claims(user, issuer: null, audience: null, permission: null));
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var (status, body) = await client.PostAsync("/api/v1/scores/update", Seed000(Guid.NewGuid().ToString(), user).ToJsonString());
        Assert.True(status == 200, $"credit: {status} {body}");
    }
}
