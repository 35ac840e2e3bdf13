using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Scoreboard.IntegrationTests.Infrastructure;

namespace Scoreboard.IntegrationTests.Security;

/// <summary>
/// A server set up as a production board with an external identity provider beside its own secret: HS256 with
/// JWT_SECRET and RS256/ES256 keys from a JWKS file, issuer, audience and a required permission.
/// </summary>
public sealed class SecurityFixture : IAsyncLifetime
{
    public const string JwtSecret = "integration-jwt-secret-0123456789abcdef";
    public const string HmacSecret = "integration-hmac-secret-0123456789";
    public const string AdminKey = "integration-admin-key-0123456789";
    public const string Issuer = "https://issuer.test";
    public const string Audience = "scoreboard-test";
    public const string Permission = "scores:write";
    public const int TicketLifetimeSeconds = 6;

    public RSA Rsa { get; } = RSA.Create(2048);

    public ECDsa Ec { get; } = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public ScoreboardServer Server { get; private set; } = null!;

    public string JwksPath { get; private set; } = "";

    public async Task InitializeAsync()
    {
        JwksPath = Path.Combine(Path.GetTempPath(), $"jwks-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(JwksPath, Jwks().ToJsonString());
        Server = await ScoreboardServer.StartAsync(environment: Environment());
    }

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        File.Delete(JwksPath);
    }

    public Dictionary<string, string?> Environment() => new()
    {
        ["JWT_SECRET"] = JwtSecret,
        ["HMAC_SECRET_KEY"] = HmacSecret,
        ["SCOREBOARD_ADMIN_KEY"] = AdminKey,
        ["Scoreboard__UserTokens__JwksFile"] = JwksPath,
        ["Scoreboard__UserTokens__Issuer"] = Issuer,
        ["Scoreboard__UserTokens__Audience"] = Audience,
        ["Scoreboard__UserTokens__RequiredPermission"] = Permission,
        ["Scoreboard__Tickets__LifetimeSeconds"] = TicketLifetimeSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Scoreboard__Actions__QUICK__MaxPoints"] = "20",
    };

    /// <summary>A client acting as <paramref name="userId"/> with a valid HS256 token.</summary>
    public HttpClient UserClient(string userId, string? name = null) => Bearer(TestTokens.Hs256(JwtSecret, TestTokens.Claims(userId, name: name)));

    public HttpClient Bearer(string token)
    {
        var client = Server.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public HttpClient AdminClient()
    {
        var client = Server.CreateClient();
        client.DefaultRequestHeaders.Add("X-ADMIN-KEY", AdminKey);
        return client;
    }

    /// <summary>Every event's count and sum, read from the store itself (the SQLite file, or PostgreSQL in the distributed pass).</summary>
    public async Task<(long Events, long Sum)> LedgerAsync()
    {
        var events = await Infrastructure.Ledger.EventsAsync(Server.DatabasePath);
        return (events.Count, events.Sum(e => e.Points));
    }

    private JsonObject Jwks()
    {
        var rsa = Rsa.ExportParameters(false);
        var ec = Ec.ExportParameters(false);
        return new JsonObject
        {
            ["keys"] = new JsonArray(
                new JsonObject { ["kty"] = "RSA", ["use"] = "sig", ["alg"] = "RS256", ["kid"] = "rsa1", ["n"] = TestTokens.Base64Url(rsa.Modulus!), ["e"] = TestTokens.Base64Url(rsa.Exponent!) },
                new JsonObject { ["kty"] = "EC", ["use"] = "sig", ["alg"] = "ES256", ["kid"] = "ec1", ["crv"] = "P-256", ["x"] = TestTokens.Base64Url(ec.Q.X!), ["y"] = TestTokens.Base64Url(ec.Q.Y!) }),
        };
    }
}

[CollectionDefinition(Name)]
public sealed class SecurityCollection : ICollectionFixture<SecurityFixture>
{
    public const string Name = "security";
}
