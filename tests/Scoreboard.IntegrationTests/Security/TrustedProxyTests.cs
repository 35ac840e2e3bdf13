using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using Scoreboard.IntegrationTests.Infrastructure;

namespace Scoreboard.IntegrationTests.Security;

/// <summary>
/// Behind a real nginx listed in <c>KNOWN_PROXIES</c>, the client's forwarded address is the one the server records;
/// a client that connects directly cannot choose its address with a forged <c>X-Forwarded-For</c>; and live channels
/// (WebSocket upgrade, unbuffered SSE) work through the proxy.
/// </summary>
public sealed class TrustedProxyTests : IAsyncLifetime
{
    private const string ClientAddress = "127.0.0.3";
    private ScoreboardServer _server = null!;
    private NginxServer _nginx = null!;

    public async Task InitializeAsync()
    {
        _server = await ScoreboardServer.StartAsync(environment: new Dictionary<string, string?> { ["KNOWN_PROXIES"] = $"{NginxServer.SourceAddress}/32" });
        _nginx = await NginxServer.StartAsync(_server.BaseAddress);
    }

    public async Task DisposeAsync()
    {
        await _nginx.DisposeAsync();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Credit_through_the_trusted_proxy_is_recorded_with_the_clients_address()
    {
        var user = Json.NewId("proxied");
        using var client = ClientFrom(ClientAddress, _nginx.BaseAddress);

        var (plain, _) = await client.PostAsync("/scores/increment", new { userId = user, actionId = Json.NewId("via-nginx") });
        var (forged, _) = await client.PostAsync("/scores/increment", new { userId = user, actionId = Json.NewId("via-nginx-forged") },
            ("X-Forwarded-For", "203.0.113.9"));

        Assert.Equal(200, plain);
        Assert.Equal(200, forged);
        var addresses = (await Ledger.EventsAsync(_server.DatabasePath)).Where(e => e.UserId == user).Select(e => e.Ip).ToList();
        Assert.Equal([ClientAddress, ClientAddress], addresses);
    }

    [Fact]
    public async Task Forged_X_Forwarded_For_from_a_direct_client_is_ignored()
    {
        var user = Json.NewId("direct");
        using var client = ClientFrom("127.0.0.1", _server.BaseAddress);

        var (status, _) = await client.PostAsync("/scores/increment", new { userId = user, actionId = Json.NewId("forged") },
            ("X-Forwarded-For", "203.0.113.9"));

        Assert.Equal(200, status);
        var recorded = Assert.Single(await Ledger.EventsAsync(_server.DatabasePath), e => e.UserId == user);
        Assert.Equal("127.0.0.1", recorded.Ip);
    }

    [Fact]
    public async Task WebSocket_and_SSE_through_nginx_receive_board_updates()
    {
        var user = Json.NewId("livebehindproxy");
        using var socket = new ClientWebSocket();
        await socket.ConnectAsync(new Uri($"ws://127.0.0.1:{_nginx.Port}/ws/scoreboard"), Timeouts.Token());
        using var sseClient = new HttpClient { BaseAddress = _nginx.BaseAddress, Timeout = Timeout.InfiniteTimeSpan };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/leaderboard/stream");
        request.Headers.Accept.ParseAdd("text/event-stream");
        using var sse = await sseClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, Timeouts.Token());
        using var lines = new StreamReader(await sse.Content.ReadAsStreamAsync());
        Assert.Contains("scoreboard_snapshot", await ReceiveTextAsync(socket), StringComparison.Ordinal);

        using var service = ClientFrom(ClientAddress, _nginx.BaseAddress);
        Assert.Equal(200, (await service.PostAsync("/scores/increment", new { userId = user, actionId = Json.NewId("live") })).Status);

        var token = Timeouts.Token();
        while (!(await ReceiveTextAsync(socket)).Contains(user, StringComparison.Ordinal))
        {
            token.ThrowIfCancellationRequested();
        }

        while (await lines.ReadLineAsync(token) is { } line && !line.Contains(user, StringComparison.Ordinal))
        {
        }
    }

    /// <summary>A service-key client whose connections leave from <paramref name="source"/>, a distinct loopback address.</summary>
    private static HttpClient ClientFrom(string source, Uri baseAddress)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                socket.Bind(new IPEndPoint(IPAddress.Parse(source), 0));
                await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            },
        };
        var client = new HttpClient(handler) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Add("X-API-KEY", ScoreboardServer.ApiKey);
        return client;
    }

    private static async Task<string> ReceiveTextAsync(ClientWebSocket socket)
    {
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        ValueWebSocketReceiveResult received;
        do
        {
            received = await socket.ReceiveAsync(buffer.AsMemory(), Timeouts.Token());
            message.Write(buffer, 0, received.Count);
        }
        while (!received.EndOfMessage);
        return Encoding.UTF8.GetString(message.ToArray());
    }
}
