using System.Text.Json.Nodes;
using Scoreboard.IntegrationTests.Infrastructure;

namespace Scoreboard.IntegrationTests.Security;

/// <summary>Hole 9: user tokens and Engine.IO session ids never reach the server's output, at any log level.</summary>
public sealed class LogRedactionTests
{
    private const string JwtSecret = "log-redaction-jwt-secret-0123456789abcdef";

    [Theory]
    [InlineData(null, null)]
    [InlineData("debug", null)]
    [InlineData("trace", "Trace")] // The framework's own request logs too, which write every URL.
    public async Task Tokens_and_session_ids_stay_out_of_the_logs(string? logLevel, string? frameworkLevel)
    {
        await using var server = await ScoreboardServer.StartAsync(environment: new Dictionary<string, string?>
        {
            ["JWT_SECRET"] = JwtSecret,
            ["LOG_LEVEL"] = logLevel,
            ["Logging__LogLevel__Microsoft.AspNetCore"] = frameworkLevel,
            ["Scoreboard__Live__HeartbeatSeconds"] = "1",
            ["Scoreboard__Live__TimeoutSeconds"] = "1",
        });
        var user = Json.NewId("logged");
        var token = TestTokens.Hs256(JwtSecret, TestTokens.Claims(user, issuer: null, audience: null, permission: null));
        var client = server.CreateClient();

        await using (var sse = await SseClient.ConnectAsync(server, $"/leaderboard/stream?access_token={token}"))
        await using (var ws = await WsClient.ConnectAsync(server, $"/ws/scoreboard?access_token={token}&userId={user}"))
        {
            await ws.ReceiveAsync();
        }

        var handshake = await client.GetStringAsync($"/socket.io/?EIO=4&transport=polling&access_token={token}");
        var sid = (string)JsonNode.Parse(handshake[1..])!["sid"]!;
        await client.GetStringAsync($"/socket.io/?EIO=4&transport=polling&sid={sid}");
        using var refused = await client.PostAsync($"/api/score/update?access_token={token}", Json.Body("{}"));

        // The session is left unanswered so the server reaps it, which it logs.
        await Waiting.UntilAsync(() => server.Output.Contains("reaped", StringComparison.Ordinal), TimeSpan.FromSeconds(20));

        var output = server.Output;
        Assert.DoesNotContain(token, output, StringComparison.Ordinal);
        Assert.DoesNotContain(token.Split('.')[1], output, StringComparison.Ordinal);
        Assert.DoesNotContain(sid, output, StringComparison.Ordinal);
        if (frameworkLevel is not null)
        {
            // The request lines are there, with their credentials redacted.
            Assert.Contains("access_token=[redacted]", output, StringComparison.Ordinal);
            Assert.Contains("sid=[redacted]", output, StringComparison.Ordinal);
        }
    }
}
