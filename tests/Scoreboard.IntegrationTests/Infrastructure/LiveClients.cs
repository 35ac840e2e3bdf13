using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Channels;

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

    /// <summary>The next text message as JSON.</summary>
    public async Task<JsonNode> ReceiveAsync()
    {
        var buffer = new byte[1 << 20];
        var length = 0;
        var token = Timeouts.Token();
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

/// <summary>An SSE reader over <see cref="HttpClient"/>: parses <c>id:</c>, <c>event:</c> and <c>data:</c> lines.</summary>
public sealed class SseClient : IAsyncDisposable
{
    private readonly HttpResponseMessage _response;
    private readonly StreamReader _reader;

    private SseClient(HttpResponseMessage response, StreamReader reader) => (_response, _reader) = (response, reader);

    public static async Task<SseClient> ConnectAsync(ScoreboardServer server, string path, string? lastEventId = null)
    {
        var client = server.CreateClient();
        client.Timeout = Timeout.InfiniteTimeSpan;
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.ParseAdd("text/event-stream");
        if (lastEventId is not null)
        {
            request.Headers.Add("Last-Event-ID", lastEventId);
        }

        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, Timeouts.Token());
        response.EnsureSuccessStatusCode();
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        return new SseClient(response, new StreamReader(await response.Content.ReadAsStreamAsync()));
    }

    /// <summary>The next event that carries data (comments and heartbeats are skipped).</summary>
    public async Task<SseEvent> ReceiveAsync()
    {
        string? id = null, name = null;
        var data = new StringBuilder();
        var token = Timeouts.Token();
        while (await _reader.ReadLineAsync(token) is { } line)
        {
            if (line.Length == 0)
            {
                if (data.Length > 0)
                {
                    return new SseEvent(id, name ?? "message", JsonNode.Parse(data.ToString())!);
                }

                (id, name) = (null, null);
                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var (field, value) = colon < 0 ? (line, "") : (line[..colon], line[(colon + 1)..].TrimStart(' '));
            switch (field)
            {
                case "id": id = value; break;
                case "event": name = value; break;
                case "data": data.Append(value); break;
            }
        }

        throw new InvalidOperationException("The server ended the event stream.");
    }

    public ValueTask DisposeAsync()
    {
        _reader.Dispose();
        _response.Dispose();
        return ValueTask.CompletedTask;
    }
}

public sealed record SseEvent(string? Id, string Name, JsonNode Data);

/// <summary>The published npm <c>socket.io-client</c>, run by node; its events arrive as JSON lines.</summary>
public sealed class SocketIoNodeClient : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Channel<JsonNode> _lines = Channel.CreateUnbounded<JsonNode>();
    private readonly StringBuilder _errors = new();

    private SocketIoNodeClient(Process process) => _process = process;

    public static SocketIoNodeClient Start(ScoreboardServer server, string? userId = null)
    {
        var folder = Path.Combine(RepositoryPaths.Root, "tests", "Scoreboard.IntegrationTests", "SocketIoClient");
        if (!Directory.Exists(Path.Combine(folder, "node_modules", "socket.io-client")))
        {
            throw new InvalidOperationException($"socket.io-client is not installed: run 'npm ci' in {folder} (scripts/test.sh does).");
        }

        var start = new ProcessStartInfo("node") { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        start.ArgumentList.Add("client.js");
        start.ArgumentList.Add(server.BaseAddress.ToString().TrimEnd('/'));
        if (userId is not null)
        {
            start.ArgumentList.Add(userId);
        }

        var client = new SocketIoNodeClient(Process.Start(start) ?? throw new InvalidOperationException("node did not start"));
        client._process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is { Length: > 0 } line)
            {
                client._lines.Writer.TryWrite(JsonNode.Parse(line)!);
            }
        };
        client._process.ErrorDataReceived += (_, e) =>
        {
            lock (client._errors)
            {
                client._errors.AppendLine(e.Data);
            }
        };
        client._process.BeginOutputReadLine();
        client._process.BeginErrorReadLine();
        return client;
    }

    /// <summary>The next line the client printed (connect, upgrade, event, …).</summary>
    public async Task<JsonNode> ReceiveAsync()
    {
        try
        {
            return await _lines.Reader.ReadAsync(Timeouts.Token());
        }
        catch (OperationCanceledException)
        {
            lock (_errors)
            {
                throw new TimeoutException($"socket.io-client printed nothing in time. stderr:\n{_errors}");
            }
        }
    }

    /// <summary>The next line of <paramref name="kind"/> (and event <paramref name="name"/>), skipping others.</summary>
    public async Task<JsonNode> ReceiveAsync(string kind, string? name = null)
    {
        while (true)
        {
            var line = await ReceiveAsync();
            if ((string?)line["kind"] == kind && (name is null || (string?)line["name"] == name))
            {
                return line;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _process.StandardInput.Close();
        if (!_process.WaitForExit(5000))
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
        _process.Dispose();
    }
}

/// <summary>How long a test waits for a message before failing: generous, since CI machines are slow and shared.</summary>
public static class Timeouts
{
    public static readonly TimeSpan Message = TimeSpan.FromSeconds(15);

    public static CancellationToken Token() => new CancellationTokenSource(Message).Token;
}
