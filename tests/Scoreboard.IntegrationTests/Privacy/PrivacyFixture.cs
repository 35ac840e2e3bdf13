using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Scoreboard.IntegrationTests.Infrastructure;
using Scoreboard.IntegrationTests.Security;

namespace Scoreboard.IntegrationTests.Privacy;

/// <summary>
/// A server with the admin key, user tokens, a configured board besides global (<c>levels</c>, of LEVEL_UP) and the
/// retention chore running every second, so a test can age rows and watch them scrubbed.
/// </summary>
public sealed class PrivacyFixture : IAsyncLifetime
{
    public const string AdminKey = "privacy-admin-key-0123456789";

    public ScoreboardServer Server { get; private set; } = null!;

    public static Dictionary<string, string?> Environment() => new()
    {
        ["SCOREBOARD_ADMIN_KEY"] = AdminKey,
        ["JWT_SECRET"] = SecurityFixture.JwtSecret,
        ["HMAC_SECRET_KEY"] = SecurityFixture.HmacSecret,
        ["Scoreboard__Boards__levels__ActionTypes__0"] = "LEVEL_UP",
        ["Scoreboard__Privacy__RetentionIntervalSeconds"] = "1",
    };

    public async Task InitializeAsync() => Server = await ScoreboardServer.StartAsync(environment: Environment());

    public async Task DisposeAsync() => await Server.DisposeAsync();

    public HttpClient Admin() => Admin(Server);

    public static HttpClient Admin(ScoreboardServer server)
    {
        var client = server.CreateClient();
        client.DefaultRequestHeaders.Add("X-ADMIN-KEY", AdminKey);
        return client;
    }

    /// <summary>A client acting as <paramref name="userId"/> with a token, sending a user agent the ledger records.</summary>
    public HttpClient User(string userId, string name)
    {
        var client = Server.CreateClient();
        var claims = TestTokens.Claims(userId, issuer: null, audience: null, permission: null, name: name);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestTokens.Hs256(SecurityFixture.JwtSecret, claims));
        client.DefaultRequestHeaders.UserAgent.ParseAdd("privacy-test/1.0");
        return client;
    }

    /// <summary>A credit through seed 004 by the service key, with entry metadata when given.</summary>
    public static async Task CreditAsync(ScoreboardServer server, string user, string type, string? name = null, object? metadata = null)
    {
        var body = new Dictionary<string, object?> { ["userId"] = user, ["actionId"] = Json.NewId("a"), ["actionType"] = type, ["displayName"] = name, ["metadata"] = metadata }
            .Where(p => p.Value is not null).ToDictionary();
        var (status, reply) = await server.CreateServiceClient().PostAsync("/scores/increment", body);
        Assert.True(status == 200, $"credit {type} for {user}: {status} {reply}");
    }

    /// <summary>A user's own credits: seed 000 with an action id that names them, and a completed action ticket.</summary>
    public async Task UserCreditsAsync(string user, string name)
    {
        var client = User(user, name);
        var (status, reply) = await client.PostAsync("/api/v1/scores/update", SignedBodies.Seed000($"own-{user}", user));
        Assert.True(status == 200, $"000 credit: {status} {reply}");
        var (started, ticket) = await client.PostAsync("/api/v1/actions/ACTION_COMPLETED/start", new JsonObject());
        Assert.True(started == 200, $"ticket: {started} {ticket}");
        var (completed, done) = await client.PostAsync("/api/v1/actions/complete", new JsonObject { ["ticket"] = (string)ticket["data"]!["ticket"]! });
        Assert.True(completed == 200, $"complete: {completed} {done}");
    }

    /// <summary>A board's entries as (user, score) through the public REST read.</summary>
    public static async Task<List<(string User, long Score)>> BoardAsync(ScoreboardServer server, string board)
    {
        var (status, body) = await server.CreateClient().GetJsonAsync($"/api/v1/boards/{board}/top?limit=100");
        Assert.Equal(200, status);
        return [.. body["entries"]!.AsArray().Select(e => ((string)e!["userId"]!, (long)e["score"]!))];
    }
}

[CollectionDefinition(Name)]
public sealed class PrivacyCollection : ICollectionFixture<PrivacyFixture>
{
    public const string Name = "privacy";
}
