using System.Diagnostics;
using System.Net;
using Scoreboard.IntegrationTests.Infrastructure;

namespace Scoreboard.IntegrationTests.Live;

/// <summary>
/// The live-connection cap cannot be filled cheaply: one client address holds at most its share of it (10% unless
/// configured), and an Engine.IO handshake that never polls gives its slot back after about ten seconds.
/// </summary>
public sealed class LiveSharesTests
{
    [Fact]
    public async Task An_address_holding_its_share_is_refused_while_another_address_still_connects()
    {
        // A cap of 20: the default share of 10% is 2 connections per address.
        await using var server = await ScoreboardServer.StartAsync(environment: new Dictionary<string, string?> { ["Scoreboard__Live__MaxConnections"] = "20" });
        using var mine = EngineIoRaw.ClientFrom(server, "127.0.0.1");
        using var other = EngineIoRaw.ClientFrom(server, "127.0.0.2");

        // Two short handshake GETs: the cheap slots the share is about.
        await EngineIoRaw.HandshakeAsync(mine);
        await EngineIoRaw.HandshakeAsync(mine);

        using var refused = await mine.GetAsync("/leaderboard/stream", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("TOO_MANY_CONNECTIONS", (string?)(await Json.ReadAsync(refused))["error"]!["code"]);
        Assert.NotNull(refused.Headers.RetryAfter);
        Assert.Equal(429, await EngineIoRaw.StreamStatusAsync(mine, EngineIoRaw.Polling));
        Assert.Equal(200, await EngineIoRaw.StreamStatusAsync(other));
        await EngineIoRaw.HandshakeAsync(other);
    }

    [Fact]
    public async Task A_handshake_that_never_polls_gives_its_slot_back_after_about_ten_seconds()
    {
        await using var server = await ScoreboardServer.StartAsync(environment: new Dictionary<string, string?> { ["Scoreboard__Live__MaxConnections"] = "1" });
        using var other = EngineIoRaw.ClientFrom(server, "127.0.0.2");
        await EngineIoRaw.HandshakeAsync(server.Client);
        var idle = Stopwatch.StartNew();
        Assert.Equal(503, await EngineIoRaw.StreamStatusAsync(other));

        // The heartbeat alone would hold the slot for pingInterval + pingTimeout (45 s).
        var released = await FirstOpenAsync(other, TimeSpan.FromSeconds(40));
        Assert.True(released is { } after && after > TimeSpan.FromSeconds(8) && after < TimeSpan.FromSeconds(25),
            $"an idle handshake must be released about 10 s after it was made (after {released?.TotalSeconds:F1} s)");
        Assert.True(idle.Elapsed > TimeSpan.FromSeconds(8));
    }

    [Fact]
    public async Task A_session_with_a_poll_waiting_keeps_its_slot_and_releases_it_ten_seconds_after_the_poll_ends()
    {
        await using var server = await ScoreboardServer.StartAsync(environment: new Dictionary<string, string?> { ["Scoreboard__Live__MaxConnections"] = "1" });
        using var other = EngineIoRaw.ClientFrom(server, "127.0.0.2");
        var sid = await EngineIoRaw.HandshakeAsync(server.Client);
        using (var stop = new CancellationTokenSource())
        {
            // A long poll waits for data (the next ping comes after 25 s): the client is there all along.
            var waiting = server.Client.GetAsync($"{EngineIoRaw.Polling}&sid={sid}", stop.Token);
            await Task.Delay(TimeSpan.FromSeconds(14));
            Assert.Equal(503, await EngineIoRaw.StreamStatusAsync(other));
            await stop.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        }

        Assert.NotNull(await FirstOpenAsync(other, TimeSpan.FromSeconds(30)));
    }

    /// <summary>How long until an SSE stream opens (200), trying twice a second; null when it never did within <paramref name="limit"/>.</summary>
    internal static async Task<TimeSpan?> FirstOpenAsync(HttpClient client, TimeSpan limit)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < limit)
        {
            if (await EngineIoRaw.StreamStatusAsync(client) == 200)
            {
                return clock.Elapsed;
            }

            await Task.Delay(500);
        }

        return null;
    }
}
