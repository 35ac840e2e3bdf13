using System.Text.Json.Nodes;
using Scoreboard.IntegrationTests.Security;

namespace Scoreboard.IntegrationTests.Infrastructure;

/// <summary>
/// A server of its own for live tests, with a fresh data folder and a board already full: ten users well ahead,
/// so a new user's first credit leaves the top 10 unchanged and must not cause a push.
/// </summary>
public sealed class LiveServerFixture : IAsyncLifetime
{
    public const int BoardUsers = 10;
    public const int CreditsEach = 5;

    /// <summary>The server's JWT_SECRET: live connections identify their user with a token signed by it.</summary>
    public const string JwtSecret = SecurityFixture.JwtSecret;

    public ScoreboardServer Server { get; private set; } = null!;

    public HttpClient Service { get; private set; } = null!;

    public IReadOnlyList<string> Leaders { get; } = Enumerable.Range(0, BoardUsers).Select(i => $"leader_{i:D2}").ToList();

    public async Task InitializeAsync()
    {
        Server = await ScoreboardServer.StartAsync(environment: new Dictionary<string, string?> { ["JWT_SECRET"] = JwtSecret });
        Service = Server.CreateServiceClient();
        foreach (var leader in Leaders)
        {
            for (var i = 0; i < CreditsEach; i++)
            {
                await CreditAsync(leader);
            }
        }

        // Tests start once the feed has published the full board: a snapshot taken earlier could predate it by a window.
        await CreditOffBoardAndWaitAsync(Json.NewId("warmup"));
    }

    /// <summary>A valid user token for <paramref name="userId"/>: what identifies a live connection's user.</summary>
    public static string Token(string userId) => TestTokens.Hs256(JwtSecret, TestTokens.Claims(userId, issuer: null, audience: null, permission: null));

    /// <summary>One +10 credit through 004's API; returns the user's new score.</summary>
    public async Task<long> CreditAsync(string userId, string? displayName = null)
    {
        var (status, body) = await Service.PostAsync("/scores/increment", new { userId, actionId = Json.NewId("live"), displayName });
        Assert.Equal(200, status);
        return (long)body["newScore"]!;
    }

    /// <summary>
    /// Credits a user who is not on the board and returns once the feed has processed it: a 000 connection
    /// watching that user receives its own SCORE_UPDATE, which the feed sends in the same pass as any board push.
    /// </summary>
    public async Task CreditOffBoardAndWaitAsync(string userId)
    {
        await using var probe = await WsClient.ConnectAsync(Server, $"/ws/leaderboard?access_token={Token(userId)}");
        Assert.Equal("LEADERBOARD", (string?)(await probe.ReceiveAsync())["type"]);
        await CreditAsync(userId);
        var own = await probe.ReceiveAsync();

        // Board rows of a push still in flight come first; the user's own update follows them.
        while ((string?)own["data"]?["userId"] != userId)
        {
            own = await probe.ReceiveAsync();
        }
        Assert.True((long)own["data"]!["rank"]! > BoardUsers, "the off-board credit must leave the top 10 as it was");
    }

    /// <summary>The board as 004's GET answers it: user id to score.</summary>
    public async Task<Dictionary<string, long>> TopAsync()
    {
        var (_, body) = await Service.GetJsonAsync("/scoreboard/top?limit=10");
        return body["entries"]!.AsArray().ToDictionary(e => (string)e!["userId"]!, e => (long)e!["score"]!);
    }

    public async Task DisposeAsync()
    {
        Service.Dispose();
        await Server.DisposeAsync();
    }

    public static Dictionary<string, long> Scores(JsonArray rows, string idField, string scoreField = "score") =>
        rows.ToDictionary(e => (string)e![idField]!, e => (long)e![scoreField]!);
}

[CollectionDefinition(Name)]
public sealed class LiveServerCollection : ICollectionFixture<LiveServerFixture>
{
    public const string Name = "live server";
}
