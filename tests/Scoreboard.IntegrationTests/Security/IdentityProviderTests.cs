using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Scoreboard.IntegrationTests.Infrastructure;

namespace Scoreboard.IntegrationTests.Security;

/// <summary>
/// An external identity provider only: the board fetches its keys from a JWKS URL (served here on loopback),
/// has no HS256 secret, and mints no demo tokens.
/// </summary>
public sealed class IdentityProviderTests : IAsyncLifetime
{
    private readonly RSA _rsa = RSA.Create(2048);
    private readonly HttpListener _provider = new();
    private ScoreboardServer _server = null!;
    private Task _serving = Task.CompletedTask;

    public async Task InitializeAsync()
    {
        var port = FreePort();
        _provider.Prefixes.Add($"http://127.0.0.1:{port}/");
        _provider.Start();
        _serving = ServeJwksAsync();
        _server = await ScoreboardServer.StartAsync(environment: new Dictionary<string, string?>
        {
            ["Scoreboard__UserTokens__JwksUrl"] = $"http://127.0.0.1:{port}/.well-known/jwks.json",
            ["Scoreboard__UserTokens__Issuer"] = SecurityFixture.Issuer,
            ["Scoreboard__UserTokens__Audience"] = SecurityFixture.Audience,
        });
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _provider.Stop();
        _provider.Close();
        await _serving;
    }

    [Fact]
    public async Task Token_signed_by_the_providers_key_credits_and_hs256_and_demo_tokens_are_refused()
    {
        var user = Json.NewId("idp");
        var rs = Client(TestTokens.Rs256(_rsa, "idp-key", TestTokens.Claims(user, permission: null)));
        var hs = Client(TestTokens.Hs256("any-secret-at-all-0123456789abcdefgh", TestTokens.Claims(user, permission: null)));

        var (_, start) = await rs.PostAsync("/api/v1/actions/default/start", new JsonObject());
        var (applied, credit) = await rs.PostAsync("/api/v1/actions/complete", new JsonObject { ["ticket"] = (string)start["data"]!["ticket"]! }.ToJsonString());
        var (refused, _) = await hs.PostAsync("/api/v1/actions/default/start", new JsonObject());
        var (demo, _) = await _server.CreateClient().PostAsync("/api/v1/demo/token", new JsonObject());

        Assert.True(applied == 200, $"{applied} {credit}");
        Assert.Equal(10, (long)credit["data"]!["newScore"]!);
        Assert.Equal(401, refused);
        Assert.Equal(404, demo);
    }

    private HttpClient Client(string token)
    {
        var client = _server.CreateClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private async Task ServeJwksAsync()
    {
        var key = _rsa.ExportParameters(false);
        var jwks = new JsonObject
        {
            ["keys"] = new JsonArray(new JsonObject
            {
                ["kty"] = "RSA", ["use"] = "sig", ["alg"] = "RS256", ["kid"] = "idp-key",
                ["n"] = TestTokens.Base64Url(key.Modulus!), ["e"] = TestTokens.Base64Url(key.Exponent!),
            }),
        }.ToJsonString();
        while (_provider.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _provider.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException)
            {
                return; // stopped
            }

            var bytes = Encoding.UTF8.GetBytes(jwks);
            context.Response.ContentType = "application/json";
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        }
    }

    private static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }
}
