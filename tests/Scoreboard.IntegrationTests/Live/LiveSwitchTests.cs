using System.Net;
using System.Text.Json.Nodes;
using Scoreboard.IntegrationTests.Infrastructure;

namespace Scoreboard.IntegrationTests.Live;

/// <summary>
/// <c>Scoreboard:Live:Enabled</c> changed in the data folder's settings.json while the server runs: live channels close
/// and refuse so clients poll, and open again when it is switched back, without a restart.
/// </summary>
[Trait("Backend", "embedded")] // The switch is per instance and touches no store.
public sealed class LiveSwitchTests
{
    [Fact]
    public async Task Switching_live_off_closes_and_refuses_channels_while_polling_still_answers_and_on_again_reopens_them()
    {
        await using var server = await ScoreboardServer.StartAsync();
        await using (var open = await WsClient.ConnectAsync(server, "/ws/scoreboard"))
        {
            Assert.Equal("scoreboard_snapshot", (string?)(await open.ReceiveAsync())["type"]);

            await SwitchAsync(server, enabled: false);
            await Waiting.UntilAsync(async () => await WsClient.RefusalStatusAsync(server, "/ws/scoreboard") == 503, TimeSpan.FromSeconds(30), "WebSocket refused");
            // The open connection was closed (a close frame, or the socket ended), rather than left waiting.
            var closed = await Record.ExceptionAsync(open.ReceiveAsync);
            Assert.True(closed is InvalidOperationException or System.Net.WebSockets.WebSocketException, $"not closed: {closed}");
        }

        using var sse = await server.Client.GetAsync("/leaderboard/stream", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, sse.StatusCode);
        Assert.Equal("LIVE_DISABLED", (string?)JsonNode.Parse(await sse.Content.ReadAsStringAsync())!["error"]!["code"]);
        Assert.NotNull(sse.Headers.RetryAfter);
        var (pollStatus, poll) = await server.Client.GetJsonAsync("/api/v1/scores/leaderboard/changes");
        Assert.Equal(200, pollStatus);
        Assert.True((bool)poll["success"]!);

        await SwitchAsync(server, enabled: true);
        await Waiting.UntilAsync(async () => await WsClient.RefusalStatusAsync(server, "/ws/scoreboard") == 101, TimeSpan.FromSeconds(30), "WebSocket accepted");
        await using var again = await WsClient.ConnectAsync(server, "/ws/scoreboard");
        Assert.Equal("scoreboard_snapshot", (string?)(await again.ReceiveAsync())["type"]);
    }

    private static Task SwitchAsync(ScoreboardServer server, bool enabled) =>
        File.WriteAllTextAsync(Path.Combine(server.DataDir, "settings.json"),
            $$"""{ "Scoreboard": { "Live": { "Enabled": {{(enabled ? "true" : "false")}} } } }""");
}
