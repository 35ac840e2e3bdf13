using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace Scoreboard.IntegrationTests.Infrastructure;

/// <summary>The published npm <c>socket.io-client</c>, run by node; its events arrive as JSON lines.</summary>
public sealed class SocketIoNodeClient : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Channel<JsonNode> _lines = Channel.CreateUnbounded<JsonNode>();
    private readonly StringBuilder _errors = new();

    private SocketIoNodeClient(Process process) => _process = process;

    /// <summary>
    /// Starts the client; <paramref name="token"/> goes in CONNECT's <c>auth: { token }</c>, and with
    /// <paramref name="onHandshake"/> also on the handshake as <c>?access_token=</c> (needed when reads require a token).
    /// </summary>
    /// <param name="query">Added to the handshake's query (e.g. <c>{ board }</c>).</param>
    /// <param name="auth">Added to CONNECT's auth payload (e.g. <c>{ board, period }</c>).</param>
    public static SocketIoNodeClient Start(
        ScoreboardServer server, string? token = null, bool onHandshake = false, object? query = null, object? auth = null)
    {
        var folder = Path.Combine(RepositoryPaths.Root, "tests", "Scoreboard.IntegrationTests", "SocketIoClient");
        if (!Directory.Exists(Path.Combine(folder, "node_modules", "socket.io-client")))
        {
            throw new InvalidOperationException($"socket.io-client is not installed: run 'npm ci' in {folder} (scripts/test.sh does).");
        }

        var start = new ProcessStartInfo("node") { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        start.ArgumentList.Add("client.js");
        if (query is not null)
        {
            start.Environment["SIO_QUERY"] = System.Text.Json.JsonSerializer.Serialize(query);
        }

        if (auth is not null)
        {
            start.Environment["SIO_AUTH"] = System.Text.Json.JsonSerializer.Serialize(auth);
        }

        start.ArgumentList.Add(server.BaseAddress.ToString().TrimEnd('/'));
        if (token is not null)
        {
            start.ArgumentList.Add(token);
            if (onHandshake)
            {
                start.ArgumentList.Add("handshake");
            }
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
