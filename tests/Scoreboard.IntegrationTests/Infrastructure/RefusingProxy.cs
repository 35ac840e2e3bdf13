using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Scoreboard.IntegrationTests.Infrastructure;

/// <summary>
/// A loopback HTTP proxy in front of a server that refuses what some real proxies refuse: WebSocket upgrades,
/// and any path listed. Each connection carries one request, so every request is inspected.
/// </summary>
public sealed class RefusingProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Uri _target;
    private readonly string[] _refusedPaths;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;

    public RefusingProxy(Uri target, params string[] refusedPaths)
    {
        _target = target;
        _refusedPaths = refusedPaths;
        _listener.Start();
        BaseAddress = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");
        _accepting = AcceptAsync();
    }

    public Uri BaseAddress { get; }

    private async Task AcceptAsync()
    {
        var connections = new List<Task>();
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                connections.Add(HandleAsync(client));
            }
        }
        catch (OperationCanceledException)
        {
        }

        await Task.WhenAll(connections);
    }

    private async Task HandleAsync(TcpClient client)
    {
        using (client)
        {
            var stream = client.GetStream();
            try
            {
                var head = await ReadHeadAsync(stream);
                var requestLine = head.Split("\r\n")[0];
                var path = requestLine.Split(' ') is { Length: > 1 } parts ? parts[1] : "/";
                if (head.Contains("\r\nUpgrade: websocket", StringComparison.OrdinalIgnoreCase) || _refusedPaths.Any(p => path.StartsWith(p, StringComparison.Ordinal)))
                {
                    await stream.WriteAsync("HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"u8.ToArray(), _stop.Token);
                    return;
                }

                using var upstream = new TcpClient();
                await upstream.ConnectAsync(_target.Host, _target.Port, _stop.Token);
                var server = upstream.GetStream();
                var lines = head.Split("\r\n").Where(l => l.Length > 0 && !l.StartsWith("Connection:", StringComparison.OrdinalIgnoreCase));
                await server.WriteAsync(Encoding.Latin1.GetBytes(string.Join("\r\n", lines) + "\r\nConnection: close\r\n\r\n"), _stop.Token);
                await Task.WhenAny(stream.CopyToAsync(server, _stop.Token), server.CopyToAsync(stream, _stop.Token));
            }
            catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException)
            {
            }
        }
    }

    /// <summary>Reads the request head byte by byte, so no body byte is consumed before forwarding.</summary>
    private async Task<string> ReadHeadAsync(NetworkStream stream)
    {
        var head = new StringBuilder();
        var one = new byte[1];
        while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            if (await stream.ReadAsync(one, _stop.Token) == 0 || head.Length > 16 * 1024)
            {
                throw new IOException("incomplete request head");
            }

            head.Append((char)one[0]);
        }

        return head.ToString();
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        _stop.Dispose();
    }
}
