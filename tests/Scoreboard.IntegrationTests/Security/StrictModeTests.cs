using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Scoreboard.IntegrationTests.Infrastructure;
using static Scoreboard.IntegrationTests.Security.SignedBodies;

namespace Scoreboard.IntegrationTests.Security;

/// <summary>
/// The embedded demo locked down: no JWT_SECRET (a generated one, demo tokens on), per-user signing keys,
/// tickets required, reads behind a token, and flagged users frozen.
/// </summary>
public sealed class StrictModeTests : IAsyncLifetime
{
    private ScoreboardServer _server = null!;

    public async Task InitializeAsync() => _server = await ScoreboardServer.StartAsync(environment: new Dictionary<string, string?>
    {
        ["HMAC_SECRET_KEY"] = SecurityFixture.HmacSecret,
        ["Scoreboard__UserTokens__DemoTokens"] = "true",
        ["SCOREBOARD_ADMIN_KEY"] = SecurityFixture.AdminKey,
        ["Scoreboard__Signing__Mode"] = "PerUser",
        ["Scoreboard__Tickets__Required"] = "true",
        ["Scoreboard__UserTokens__RequireForReads"] = "true",
        ["Scoreboard__AntiCheat__FreezeFlagged"] = "true",
        ["Scoreboard__AntiCheat__MinPoints"] = "30",
        ["Scoreboard__AntiCheat__GrowthFactor"] = "2",
        ["Scoreboard__Actions__QUICK__MaxPoints"] = "20",
    });

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Reads_need_a_user_token_when_configured()
    {
        var (_, token) = await DemoUserAsync("Reader");
        foreach (var path in new[] { "/api/v1/scores/leaderboard", "/scoreboard/top", "/leaderboard", "/api/v1/leaderboard" })
        {
            var (anonymous, _) = await _server.CreateClient().GetJsonAsync(path);
            var (withToken, body) = await Client(token).GetJsonAsync(path);

            Assert.True(anonymous == 401, $"{path} anonymous: {anonymous}");
            Assert.True(withToken == 200, $"{path} with token: {withToken} {body}");
        }
    }

    [Fact]
    public async Task Live_channels_need_a_user_token_which_browsers_pass_as_access_token()
    {
        var (_, token) = await DemoUserAsync("Watcher");
        foreach (var path in new[] { "/leaderboard/stream", "/channels/public:leaderboard" })
        {
            using var anonymous = await OpenStreamAsync(path);
            using var withToken = await OpenStreamAsync($"{path}?access_token={token}");

            Assert.True((int)anonymous.StatusCode == 401, $"{path} anonymous: {anonymous.StatusCode}");
            Assert.True((int)withToken.StatusCode == 200, $"{path} with access_token: {withToken.StatusCode}");
        }

        var (polling, _) = await _server.CreateClient().GetJsonAsync("/api/v1/scores/leaderboard/changes?since=0");
        Assert.Equal(401, polling);
    }

    [Fact]
    public async Task Socket_IO_connect_needs_a_user_token_in_its_auth_payload()
    {
        var (_, token) = await DemoUserAsync("Socket");
        await using (var anonymous = SocketIoNodeClient.Start(_server))
        {
            // The handshake itself is refused (401), as every live channel's opening request is: no session, no board.
            await anonymous.ReceiveAsync("connect_error");
        }

        await using var authenticated = SocketIoNodeClient.Start(_server, token, onHandshake: true);
        await authenticated.ReceiveAsync("connect");
        var board = await authenticated.ReceiveAsync("event", "leaderboard:update");
        Assert.NotNull(board["data"]!["leaderboard"]);
    }

    [Fact]
    public async Task With_tickets_required_a_signed_credit_without_one_is_refused_and_a_ticket_credit_applies()
    {
        var (user, token) = await DemoUserAsync("Signer");
        var client = Client(token);
        var (_, keyReply) = await client.GetJsonAsync("/api/v1/signing/key");
        var key = (string)keyReply["data"]!["signingKey"]!;
        Assert.NotEqual(SecurityFixture.HmacSecret, key);

        var (refused, body) = await client.PostAsync("/api/v1/scores/update", Seed000(Guid.NewGuid().ToString(), user, secret: key).ToJsonString());
        var (_, start) = await client.PostAsync("/api/v1/actions/default/start", new JsonObject());
        var ticket = (string)start["data"]!["ticket"]!;
        var (applied, credit) = await client.PostAsync("/api/v1/scores/update", Seed000(ticket, user, secret: key).ToJsonString());
        var (sharedSecret, _) = await client.PostAsync("/api/v1/scores/update", Seed000(ticket + "x", user).ToJsonString());

        Assert.Equal(403, refused);
        Assert.Equal("TICKET_REQUIRED", (string?)body["code"]);
        Assert.True(applied == 200, $"{applied} {credit}");
        Assert.Equal(10, (long)credit["newScore"]!);
        Assert.Equal(403, sharedSecret);
    }

    [Fact]
    public async Task A_flagged_user_is_frozen_until_cleared_and_confirmed_cheating_is_reversed_off_the_board()
    {
        var (user, token) = await DemoUserAsync("Speedy");
        var client = Client(token);
        var admin = _server.CreateClient();
        admin.DefaultRequestHeaders.Add("X-ADMIN-KEY", SecurityFixture.AdminKey);

        await CompleteAsync(client, 200);
        await CompleteAsync(client, 200); // 40 points in the window: over MinPoints, flagged after applying
        var (_, frozen) = await CompleteAsync(client, 403);
        var (_, flags) = await admin.GetJsonAsync("/api/v1/admin/flags?status=open");
        var flag = flags["data"]!.AsArray().First(f => (string?)f!["userId"] == user)!;

        Assert.Equal("FORBIDDEN", (string?)frozen["error"]!["code"]);
        Assert.Contains("GROWTH_RATE", (string?)flag["reason"], StringComparison.Ordinal);

        var (cleared, _) = await admin.PostAsync($"/api/v1/admin/flags/{(long)flag["id"]!}/clear", new JsonObject());
        Assert.Equal(200, cleared);
        await CompleteAsync(client, 200); // applies, and flags again: the user is still far ahead

        var (_, reflagged) = await admin.GetJsonAsync("/api/v1/admin/flags?status=open");
        var second = reflagged["data"]!.AsArray().First(f => (string?)f!["userId"] == user)!;
        var (confirmed, _) = await admin.PostAsync($"/api/v1/admin/flags/{(long)second["id"]!}/confirm", new JsonObject());
        var (reversed, reversal) = await admin.PostAsync($"/api/v1/admin/users/{user}/reverse", new JsonObject());
        var (_, board) = await client.GetJsonAsync("/api/v1/scores/leaderboard?limit=100");

        Assert.Equal(200, confirmed);
        Assert.Equal(200, reversed);
        Assert.Equal(60, (long)reversal["data"]!["reversedPoints"]!);
        Assert.Equal(0, (long)board["data"]!["leaderboard"]!.AsArray().First(r => (string?)r!["userId"] == user)!["score"]!);
        await CompleteAsync(client, 403); // confirmed flags keep the freeze
    }

    private async Task<(int, JsonNode)> CompleteAsync(HttpClient client, int expected)
    {
        var (_, start) = await client.PostAsync("/api/v1/actions/QUICK/start", new JsonObject());
        var result = await client.PostAsync("/api/v1/actions/complete", new JsonObject { ["ticket"] = (string)start["data"]!["ticket"]! }.ToJsonString());
        Assert.True(result.Status == expected, $"complete: expected {expected}, got {result.Status} {result.Body}");
        return result;
    }

    private async Task<HttpResponseMessage> OpenStreamAsync(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.ParseAdd("text/event-stream");
        // Headers only: the stream itself stays open until the response is disposed.
        return await _server.CreateClient().SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
    }

    private async Task<(string User, string Token)> DemoUserAsync(string name)
    {
        if (DistributedBackend.IsSelected)
        {
            // Distributed mode runs on a shared JWT_SECRET, which turns demo tokens off: users get tokens from the
            // deployment's issuer, as here.
            var user = Json.NewId("guest");
            return (user, TestTokens.Hs256(DistributedBackend.JwtSecret, TestTokens.Claims(user, issuer: null, audience: null, permission: null, name: name)));
        }

        var (status, body) = await _server.CreateClient().PostAsync("/api/v1/demo/token", new JsonObject { ["name"] = name });
        Assert.True(status == 200, $"demo token: {status} {body}");
        return ((string)body["data"]!["userId"]!, (string)body["data"]!["token"]!);
    }

    private HttpClient Client(string token)
    {
        var client = _server.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }
}
