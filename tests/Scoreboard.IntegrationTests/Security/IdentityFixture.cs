using System.Net.Http.Headers;
using Scoreboard.IntegrationTests.Infrastructure;

namespace Scoreboard.IntegrationTests.Security;

/// <summary>
/// A server for the caller-identity tests: user tokens and signatures with the security suite's secrets, an admin key,
/// two service keys whose names differ only by a colon (<c>a</c> and <c>a:b</c>), and a short signing window so a replay
/// can outlive it within a test.
/// </summary>
public sealed class IdentityFixture : IAsyncLifetime
{
    public const string KeyA = "service-key-a-0123456789abcdef";
    public const string KeyAB = "service-key-a-b-0123456789abcdef";
    public const int WindowSeconds = 6;

    public ScoreboardServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await StartAsync(new()
    {
        ["Scoreboard__Signing__WindowSeconds"] = WindowSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Scoreboard__ServiceKeys__Keys__0__Name"] = "a",
        ["Scoreboard__ServiceKeys__Keys__0__Key"] = KeyA,
        ["Scoreboard__ServiceKeys__Keys__0__ActionTypes__0"] = "*",
        ["Scoreboard__ServiceKeys__Keys__1__Name"] = "a:b",
        ["Scoreboard__ServiceKeys__Keys__1__Key"] = KeyAB,
        ["Scoreboard__ServiceKeys__Keys__1__ActionTypes__0"] = "*",
    });

    public Task DisposeAsync() => Server.DisposeAsync().AsTask();

    /// <summary>A server with the security suite's token, signing and admin secrets, and <paramref name="settings"/>.</summary>
    public static Task<ScoreboardServer> StartAsync(Dictionary<string, string?> settings, string? dataDir = null)
    {
        settings["JWT_SECRET"] = SecurityFixture.JwtSecret;
        settings["HMAC_SECRET_KEY"] = SecurityFixture.HmacSecret;
        settings["SCOREBOARD_ADMIN_KEY"] = SecurityFixture.AdminKey;
        return ScoreboardServer.StartAsync(dataDir, settings);
    }

    public HttpClient UserClient(string userId) => UserClient(Server, userId);

    /// <summary>A client acting as <paramref name="userId"/> on <paramref name="server"/>, with a valid HS256 token.</summary>
    public static HttpClient UserClient(ScoreboardServer server, string userId)
    {
        var client = server.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestTokens.Hs256(SecurityFixture.JwtSecret, TestTokens.Claims(userId)));
        return client;
    }

    public HttpClient ServiceClient(string key)
    {
        var client = Server.CreateClient();
        client.DefaultRequestHeaders.Add("X-API-KEY", key);
        return client;
    }

    public HttpClient AdminClient()
    {
        var client = Server.CreateClient();
        client.DefaultRequestHeaders.Add("X-ADMIN-KEY", SecurityFixture.AdminKey);
        return client;
    }

    /// <summary>A user's total as the store holds it (SQL), 0 when the user has none.</summary>
    public async Task<long> TotalAsync(string userId) =>
        (await Ledger.TotalsAsync(Server.DatabasePath)).GetValueOrDefault(userId);

    /// <summary>A user's events as the store holds them (SQL), oldest first.</summary>
    public async Task<List<Ledger.Event>> EventsAsync(string userId) =>
        (await Ledger.EventsAsync(Server.DatabasePath)).Where(e => e.UserId == userId).ToList();
}

[CollectionDefinition(Name)]
public sealed class IdentityCollection : ICollectionFixture<IdentityFixture>
{
    public const string Name = "identity";
}
