using System.Net.Sockets;
using System.Text;
using Scoreboard.IntegrationTests.Infrastructure;

namespace Scoreboard.IntegrationTests.Live;

/// <summary>Connection cap, Origin rule and slow clients, each on a server started with the setting under test.</summary>
public sealed class LiveLimitsTests
{
    [Fact]
    public async Task Connection_past_the_configured_maximum_is_refused_with_503_and_a_code()
    {
        await using var server = await ScoreboardServer.StartAsync(environment: new Dictionary<string, string?>
        {
            ["Scoreboard__Live__MaxConnections"] = "2",
            // Every connection here comes from one address; its share is tested in LiveSharesTests.
            ["Scoreboard__Live__AddressSharePercent"] = "100",
        });
        await using var first = await WsClient.ConnectAsync(server, "/ws/scoreboard");
        await using var second = await SseClient.ConnectAsync(server, "/leaderboard/stream");
        await first.ReceiveAsync();
        await second.ReceiveAsync();

        Assert.Equal(503, await WsClient.RefusalStatusAsync(server, "/ws/scoreboard"));
        using var refused = await server.Client.GetAsync("/leaderboard/stream");
        Assert.Equal(503, (int)refused.StatusCode);
        Assert.Equal("TOO_MANY_CONNECTIONS", (string?)(await Json.ReadAsync(refused))["error"]!["code"]);
        Assert.True(refused.Headers.RetryAfter is not null);

        // The open connections are unaffected, and a freed slot can be taken again.
        await first.DisposeAsync();
        await using var again = await RetryConnectAsync(server);
        Assert.Equal("scoreboard_snapshot", (string?)(await again.ReceiveAsync())["type"]);
    }

    [Fact]
    public async Task WebSocket_from_an_origin_outside_CORS_ORIGINS_is_refused_with_403()
    {
        await using var server = await ScoreboardServer.StartAsync(environment: new Dictionary<string, string?> { ["CORS_ORIGINS"] = "https://game.example, https://www.game.example" });

        Assert.Equal(403, await WsClient.RefusalStatusAsync(server, "/ws/scoreboard", "https://evil.example"));
        Assert.Equal(403, await WsClient.RefusalStatusAsync(server, "/ws/leaderboard", "https://game.example.evil.example"));
        await using var allowed = await WsClient.ConnectAsync(server, "/ws/scoreboard", "https://www.game.example");
        Assert.Equal("scoreboard_snapshot", (string?)(await allowed.ReceiveAsync())["type"]);
        await using var sameOrigin = await WsClient.ConnectAsync(server, "/ws/scoreboard", server.BaseAddress.ToString().TrimEnd('/'));
        Assert.Equal("scoreboard_snapshot", (string?)(await sameOrigin.ReceiveAsync())["type"]);
    }

    [Theory]
    [InlineData("/leaderboard/stream")]
    [InlineData("/ws/scoreboard")]
    [InlineData("/socket.io/?EIO=4&transport=websocket")]
    public async Task Stalled_client_is_cut_off_and_does_not_hold_back_other_clients(string path)
    {
        await using var server = await ScoreboardServer.StartAsync(environment: new Dictionary<string, string?>
        {
            ["Scoreboard__Live__BoardSize"] = "100",
            ["Scoreboard__Live__WindowMs"] = "10",
            ["Scoreboard__Live__TimeoutSeconds"] = "2",
        });
        using var service = server.CreateServiceClient();
        var name = new string('n', 60);
        var users = Enumerable.Range(0, 100).Select(i => $"stall_{i:D3}").ToList();
        foreach (var user in users)
        {
            await service.PostAsync("/scores/increment", new { userId = user, actionId = Json.NewId("a"), displayName = $"{name}{user}" });
        }

        // Opens the stream and never reads: the server's sends back up once the socket buffers are full.
        using var stalled = new TcpClient { ReceiveBufferSize = 4096 };
        await stalled.ConnectAsync(server.BaseAddress.Host, server.BaseAddress.Port);
        var stream = stalled.GetStream();
        if (path.StartsWith("/leaderboard/", StringComparison.Ordinal))
        {
            await stream.WriteAsync(Encoding.ASCII.GetBytes($"GET {path} HTTP/1.1\r\nHost: {server.BaseAddress.Authority}\r\n\r\n"));
        }
        else
        {
            await EngineIoRaw.UpgradeAsync(stream, server, path);
            if (path.StartsWith("/socket.io/", StringComparison.Ordinal))
            {
                // Socket.IO's CONNECT: boards flow from here on.
                await stream.WriteAsync(EngineIoRaw.MaskedText("40"));
            }
        }

        var before = EngineIoRaw.ResidentBytes(server);
        await using var reader = await WsClient.ConnectAsync(server, "/ws/scoreboard");
        await reader.ReceiveAsync();

        // Credits reorder the 100-row board (about 11 kB per 001 event) until the reader has seen enough pushes
        // that the stalled client's share is well past what the server's and client's socket buffers can hold.
        using (var stop = new CancellationTokenSource())
        {
            var crediting = Task.Run(async () =>
            {
                for (var i = 0; !stop.IsCancellationRequested; i++)
                {
                    await service.PostAsync("/scores/increment", new { userId = users[i % users.Count], actionId = Json.NewId("a") });
                }
            });
            for (var pushes = 0; pushes < 600; pushes++)
            {
                await reader.ReceiveAsync();
            }

            await stop.CancelAsync();
            await crediting;
        }

        // A last credit still reaches the reading client: the stalled one holds nobody back.
        var lastUser = users[42];
        var (_, last) = await service.PostAsync("/scores/increment", new { userId = lastUser, actionId = Json.NewId("a") });
        while (!(await reader.ReceiveAsync())["entries"]!.AsArray().Any(e => (string?)e!["userId"] == lastUser && (long)e["score"]! == (long)last["newScore"]!))
        {
        }

        // The stalled connection was cut off by the server rather than given an ever-growing queue: draining it
        // ends in a reset (the server aborts it) or an end of stream; and the server did not grow by a queue's worth.
        var grown = EngineIoRaw.ResidentBytes(server) - before;
        Assert.True(await EndsAsync(stream), "the server must close a connection that stopped reading");
        Assert.True(grown < 128L << 20, $"the server grew by {grown >> 20} MB while a client stalled");

        var (_, health) = await server.Client.GetJsonAsync("/health");
        Assert.Equal("active", (string?)health["services"]!["websocket"]);
    }

    private static async Task<bool> EndsAsync(NetworkStream stream)
    {
        var buffer = new byte[64 * 1024];
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            while (await stream.ReadAsync(buffer, limit.Token) > 0)
            {
            }

            return true;
        }
        catch (IOException)
        {
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>A closed connection leaves the hub once the server notices the close; retry until the slot is free.</summary>
    private static async Task<WsClient> RetryConnectAsync(ScoreboardServer server)
    {
        for (var attempt = 0; ; attempt++)
        {
            if (await WsClient.RefusalStatusAsync(server, "/ws/scoreboard") == 101 || attempt == 50)
            {
                return await WsClient.ConnectAsync(server, "/ws/scoreboard");
            }

            await Task.Delay(100);
        }
    }
}
