using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;

namespace Scoreboard.IntegrationTests.Infrastructure;

/// <summary>A WebSocket client as a browser or backend would use it: ASP.NET's <see cref="ClientWebSocket"/>.</summary>
public sealed class WsClient : IAsyncDisposable
{
    private readonly ClientWebSocket _socket = new();

    public static async Task<WsClient> ConnectAsync(ScoreboardServer server, string path, string? origin = null)
    {
        var client = new WsClient();
        if (origin is not null)
        {
            client._socket.Options.SetRequestHeader("Origin", origin);
        }

        client._socket.Options.CollectHttpResponseDetails = true;
        var uri = new Uri(server.BaseAddress.ToString().Replace("http", "ws", StringComparison.Ordinal).TrimEnd('/') + path);
        await client._socket.ConnectAsync(uri, Timeouts.Token());
        return client;
    }

    /// <summary>Tries to connect and returns the HTTP status the server answered the upgrade with.</summary>
    public static async Task<int> RefusalStatusAsync(ScoreboardServer server, string path, string? origin = null)
    {
        var client = new WsClient();
        client._socket.Options.CollectHttpResponseDetails = true;
        if (origin is not null)
        {
            client._socket.Options.SetRequestHeader("Origin", origin);
        }

        var uri = new Uri(server.BaseAddress.ToString().Replace("http", "ws", StringComparison.Ordinal).TrimEnd('/') + path);
        try
        {
            await client._socket.ConnectAsync(uri, Timeouts.Token());
            await client.DisposeAsync();
            return 101;
        }
        catch (WebSocketException)
        {
            return (int)client._socket.HttpStatusCode;
        }
    }

    /// <summary>The next text message as JSON, or null when none comes within <paramref name="wait"/>.</summary>
    public async Task<JsonNode?> TryReceiveAsync(TimeSpan wait)
    {
        try
        {
            return await ReceiveAsync(new CancellationTokenSource(wait).Token);
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    /// <summary>The next text message as JSON.</summary>
    public Task<JsonNode> ReceiveAsync() => ReceiveAsync(Timeouts.Token());

    private async Task<JsonNode> ReceiveAsync(CancellationToken token)
    {
        var buffer = new byte[1 << 20];
        var length = 0;
        while (true)
        {
            var result = await _socket.ReceiveAsync(buffer.AsMemory(length), token);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                throw new InvalidOperationException("The server closed the WebSocket.");
            }

            length += result.Count;
            if (result.EndOfMessage)
            {
                return JsonNode.Parse(Encoding.UTF8.GetString(buffer, 0, length))!;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            try
            {
                await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, Timeouts.Token());
            }
            catch (WebSocketException)
            {
            }
        }

        _socket.Dispose();
    }
}
