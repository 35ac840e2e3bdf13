using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using Scoreboard.IntegrationTests.Infrastructure;

namespace Scoreboard.IntegrationTests.Live;

/// <summary>
/// Socket.IO's per-connection buffers are bounded in bytes, whatever a client sends and however it reads; and
/// /socket.io/ follows the read policy like every other live channel.
/// </summary>
public sealed class SocketIoBoundsTests
{
    // The queue's bound (16 KiB), with room for how packets are joined in a poll's reply.
    private const int Bound = 64 * 1024;
    private const char Separator = '\u001e';

    [Fact]
    public async Task Pings_posted_without_polling_never_queue_more_than_the_bound()
    {
        await using var server = await ScoreboardServer.StartAsync();
        var sid = await EngineIoRaw.HandshakeAsync(server.Client);
        var pings = string.Join(Separator, Enumerable.Repeat("2", 30_000));

        // 1.2 million pings, each echoed by a pong the session must hold until a poll: the session is kept alive by
        // these POSTs alone.
        for (var i = 0; i < 40; i++)
        {
            using var posted = await server.Client.PostAsync($"{EngineIoRaw.Polling}&sid={sid}", new StringContent(pings));
        }

        using var poll = await server.Client.GetAsync($"{EngineIoRaw.Polling}&sid={sid}");
        var body = await poll.Content.ReadAsByteArrayAsync();
        Assert.True(poll.StatusCode == HttpStatusCode.BadRequest || body.Length <= Bound,
            $"one poll returned {body.Length} bytes ({(int)poll.StatusCode}); the session must stay within {Bound} or be closed");
    }

    [Fact]
    public async Task A_chunked_POST_over_the_limit_is_refused_with_413_and_changes_nothing()
    {
        await using var server = await ScoreboardServer.StartAsync();
        var sid = await EngineIoRaw.HandshakeAsync(server.Client);

        // A CONNECT, then 16 MiB in one packet, with no Content-Length for the size check to see.
        var huge = new ByteArrayContent(Encoding.ASCII.GetBytes("40" + Separator + "4" + new string('x', 16 << 20)));
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{EngineIoRaw.Polling}&sid={sid}") { Content = huge };
        request.Headers.TransferEncodingChunked = true;
        using var refused = await server.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, refused.StatusCode);

        // The session is as it was: the CONNECT was not handled (no acknowledgement, no board), and it still works.
        using var ping = await server.Client.PostAsync($"{EngineIoRaw.Polling}&sid={sid}", new StringContent("2after"));
        Assert.Equal(HttpStatusCode.OK, ping.StatusCode);
        using var poll = await server.Client.GetAsync($"{EngineIoRaw.Polling}&sid={sid}");
        Assert.Equal("3after", await poll.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_WebSocket_that_sends_pings_and_never_reads_is_cut_off_before_the_server_grows()
    {
        // The default send deadline (20 s): the time the server used to spend queueing pongs for this client.
        await using var server = await ScoreboardServer.StartAsync();
        using var tcp = new TcpClient { ReceiveBufferSize = 4096 };
        await tcp.ConnectAsync(server.BaseAddress.Host, server.BaseAddress.Port);
        var stream = tcp.GetStream();
        await EngineIoRaw.UpgradeAsync(stream, server, "/socket.io/?EIO=4&transport=websocket");
        var before = EngineIoRaw.ResidentBytes(server);

        // Masked one-byte text frames "2" (Engine.IO ping), 10,000 to a write, 40 MB at full speed, then a write now and
        // then to notice the cut-off: without a bound the server would queue a pong for each ping while its sends to
        // this client stay blocked.
        var chunk = Enumerable.Repeat(EngineIoRaw.MaskedText("2"), 10_000).SelectMany(f => f).ToArray();
        var (peak, cutOff, clock) = (before, false, System.Diagnostics.Stopwatch.StartNew());
        for (var sent = 0L; !cutOff && clock.Elapsed < TimeSpan.FromSeconds(40); sent += chunk.Length)
        {
            if (sent >= 40_000_000)
            {
                await Task.Delay(200);
            }

            using var stalled = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            try
            {
                await stream.WriteAsync(chunk, stalled.Token);
            }
            catch (Exception ex) when (ex is IOException or OperationCanceledException)
            {
                cutOff = ex is IOException;
                break;
            }

            peak = Math.Max(peak, EngineIoRaw.ResidentBytes(server));
        }

        Assert.True(cutOff && peak - before < 64L << 20,
            $"the server must cut off a client that floods it without reading (cut off: {cutOff}), and not grow (it grew by {(peak - before) >> 20} MB)");
    }

    [Fact]
    public async Task Socket_IO_without_a_token_is_refused_when_reads_require_one()
    {
        await using var server = await ScoreboardServer.StartAsync(environment: new Dictionary<string, string?>
        {
            ["JWT_SECRET"] = LiveServerFixture.JwtSecret,
            ["Scoreboard__UserTokens__RequireForReads"] = "true",
        });
        var token = LiveServerFixture.Token(Json.NewId("reader"));

        using var anonymous = await server.Client.GetAsync(EngineIoRaw.Polling);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(401, await WsClient.RefusalStatusAsync(server, "/socket.io/?EIO=4&transport=websocket"));

        // With the token on the handshake, as header or (for browsers) ?access_token=, the session opens.
        await EngineIoRaw.HandshakeAsync(server.Client, $"&access_token={token}");
        using var withHeader = server.CreateClient();
        withHeader.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        await EngineIoRaw.HandshakeAsync(withHeader);
        Assert.Equal(101, await WsClient.RefusalStatusAsync(server, $"/socket.io/?EIO=4&transport=websocket&access_token={token}"));
    }
}
