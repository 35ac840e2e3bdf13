using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Scoreboard.IntegrationTests.Infrastructure;

namespace Scoreboard.IntegrationTests.Live;

/// <summary>
/// What a hostile client does by hand: Engine.IO requests without socket.io-client, clients from other loopback
/// addresses, and the server's resident memory as the kernel reports it.
/// </summary>
internal static class EngineIoRaw
{
    public const string Polling = "/socket.io/?EIO=4&transport=polling";

    /// <summary>The Engine.IO long-polling handshake; returns the session id.</summary>
    public static async Task<string> HandshakeAsync(HttpClient client, string query = "")
    {
        using var response = await client.GetAsync(Polling + query);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode && text.StartsWith('0'), $"handshake: {(int)response.StatusCode} {text}");
        return (string)JsonNode.Parse(text[1..])!["sid"]!;
    }

    /// <summary>An HTTP client whose connections come from <paramref name="localAddress"/> (127.0.0.2, … are loopback too on Linux).</summary>
    public static HttpClient ClientFrom(ScoreboardServer server, string localAddress) => new(new SocketsHttpHandler
    {
        ConnectCallback = async (context, cancellationToken) =>
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            socket.Bind(new IPEndPoint(IPAddress.Parse(localAddress), 0));
            await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        },
    })
    { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };

    /// <summary>The status an SSE stream opens with (the stream is closed at once).</summary>
    public static async Task<int> StreamStatusAsync(HttpClient client, string path = "/leaderboard/stream")
    {
        using var response = await client.GetAsync(path, HttpCompletionOption.ResponseHeadersRead);
        return (int)response.StatusCode;
    }

    /// <summary>Sends a WebSocket upgrade and reads its reply's headers, nothing more.</summary>
    public static async Task UpgradeAsync(NetworkStream stream, ScoreboardServer server, string path)
    {
        var key = Convert.ToBase64String(Guid.NewGuid().ToByteArray());
        await stream.WriteAsync(Encoding.ASCII.GetBytes(
            $"GET {path} HTTP/1.1\r\nHost: {server.BaseAddress.Authority}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n"));
        var head = new StringBuilder();
        var one = new byte[1];
        while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal) && await stream.ReadAsync(one) == 1)
        {
            head.Append((char)one[0]);
        }

        Assert.StartsWith("HTTP/1.1 101", head.ToString(), StringComparison.Ordinal);
    }

    /// <summary>A client's WebSocket text frame (clients must mask; a zero mask leaves the bytes as they are).</summary>
    public static byte[] MaskedText(string text)
    {
        var payload = Encoding.UTF8.GetBytes(text);
        Assert.True(payload.Length < 126);
        return [0x81, (byte)(0x80 | payload.Length), 0, 0, 0, 0, .. payload];
    }

    /// <summary>The server's resident set in bytes (VmRSS).</summary>
    public static long ResidentBytes(ScoreboardServer server)
    {
        var line = File.ReadLines($"/proc/{server.ProcessId}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
    }
}
