using System.Diagnostics;
using Scoreboard.IntegrationTests.Infrastructure;

namespace Scoreboard.IntegrationTests.Live;

/// <summary>An idle event stream gets a heartbeat comment every HeartbeatSeconds, so proxies keep it open.</summary>
public sealed class SseHeartbeatTests
{
    [Theory]
    [InlineData("/leaderboard/stream")]
    [InlineData("/channels/public:leaderboard")]
    public async Task An_idle_stream_receives_heartbeats_while_nothing_changes(string path)
    {
        await using var server = await ScoreboardServer.StartAsync(environment: new Dictionary<string, string?> { ["Scoreboard__Live__HeartbeatSeconds"] = "1" });
        using var client = server.CreateClient();
        client.Timeout = Timeout.InfiniteTimeSpan;
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.ParseAdd("text/event-stream");
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, Timeouts.Token());
        using var lines = new StreamReader(await response.Content.ReadAsStreamAsync());

        var clock = Stopwatch.StartNew();
        var heartbeats = 0;
        var token = Timeouts.Token();
        while (heartbeats < 3 && await lines.ReadLineAsync(token) is { } line)
        {
            heartbeats += line == ": heartbeat" ? 1 : 0;
        }

        Assert.Equal(3, heartbeats);
        // Three beats one second apart; generous bounds for a loaded machine.
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(1.5), TimeSpan.FromSeconds(30));
    }
}
