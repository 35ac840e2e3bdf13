using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;

namespace Scoreboard.Bench;

/// <summary>
/// Many live viewers of one server, WebSocket (<c>/ws/scoreboard</c>) or SSE (<c>/leaderboard/stream</c>), spread over
/// loopback source addresses 127.0.0.2… so the ephemeral port range of one address does not run out.
/// </summary>
internal sealed partial class Viewers : IAsyncDisposable
{
    /// <summary>Connections per source address, well under the 28k ephemeral ports one address has towards one server port.</summary>
    public const int PerAddress = 10_000;

    private readonly List<Task> _readers = [];
    private readonly List<IDisposable> _owned = [];
    private readonly CancellationTokenSource _stop = new();
    private long _deliveries;

    public Round Credits { get; } = new();

    /// <summary>Messages received by all viewers since they opened.</summary>
    public long Deliveries => Interlocked.Read(ref _deliveries);

    public int Count => _readers.Count;

    /// <summary>Connections that failed to open (the machine or the server fell short), and the last reason.</summary>
    public int Failures { get; private set; }

    public string? LastFailure { get; private set; }

    /// <summary>
    /// Opens <paramref name="count"/> viewers, <paramref name="concurrency"/> handshakes at a time; reports progress.
    /// Past <paramref name="maxFailures"/> failed handshakes, or after <paramref name="openFor"/>, it stops and keeps
    /// those it has (the number reached).
    /// </summary>
    public static async Task<Viewers> OpenAsync(Uri server, int count, bool sse, int firstAddress = 2, int concurrency = 64, int maxFailures = 0,
        TimeSpan? openFor = null)
    {
        var clock = Stopwatch.StartNew();
        var viewers = new Viewers();
        var handlers = Enumerable.Range(0, (count / PerAddress) + 1).Select(i => Handler(IPAddress.Parse($"127.0.0.{firstAddress + i}"))).ToArray();
        viewers._owned.AddRange(handlers);
        var clients = handlers.Select(h => new HttpClient(h, disposeHandler: false) { Timeout = Timeout.InfiniteTimeSpan }).ToArray();
        viewers._owned.AddRange(clients);
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count && (openFor is null || clock.Elapsed < openFor))
            {
                Task reader;
                try
                {
                    reader = sse ? await viewers.OpenSseAsync(clients[i / PerAddress], server) : await viewers.OpenWebSocketAsync(handlers[i / PerAddress], server);
                }
                catch (Exception ex) when (ex is HttpRequestException or WebSocketException or IOException or SocketException && maxFailures > 0)
                {
                    lock (viewers._readers)
                    {
                        (viewers.Failures, viewers.LastFailure) = (viewers.Failures + 1, ex.Message);
                        if (viewers.Failures >= maxFailures)
                        {
                            next = count;
                        }
                    }

                    continue;
                }

                lock (viewers._readers)
                {
                    viewers._readers.Add(reader);
                }

                if ((i + 1) % 5000 == 0)
                {
                    Progress.Say($"  {i + 1:N0} {(sse ? "SSE" : "WebSocket")} viewers connected");
                }
            }
        }));
        return viewers;
    }

    private async Task<Task> OpenWebSocketAsync(SocketsHttpHandler handler, Uri server)
    {
        var socket = new ClientWebSocket();
        await socket.ConnectAsync(new Uri($"ws://{server.Authority}/ws/scoreboard"), new HttpMessageInvoker(handler, disposeHandler: false), _stop.Token);
        var viewer = new Viewer();
        return Task.Run(async () =>
        {
            using var owned = socket;
            var buffer = new byte[4096];
            try
            {
                while (true)
                {
                    var length = 0;
                    ValueWebSocketReceiveResult result;
                    do
                    {
                        if (length == buffer.Length)
                        {
                            Array.Resize(ref buffer, buffer.Length * 2);
                        }

                        result = await socket.ReceiveAsync(buffer.AsMemory(length), _stop.Token);
                        length += result.Count;
                    }
                    while (!result.EndOfMessage);

                    Interlocked.Increment(ref _deliveries);
                    Credits.Saw(viewer, buffer.AsSpan(0, length));
                }
            }
            catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or ObjectDisposedException or IOException)
            {
            }
        });
    }

    private async Task<Task> OpenSseAsync(HttpClient client, Uri server)
    {
        var response = await client.GetAsync(new Uri(server, "/leaderboard/stream"), HttpCompletionOption.ResponseHeadersRead, _stop.Token);
        response.EnsureSuccessStatusCode();
        var stream = await response.Content.ReadAsStreamAsync(_stop.Token);
        var viewer = new Viewer();
        return Task.Run(async () =>
        {
            using var owned = response;
            var buffer = new byte[8192];
            var length = 0;
            try
            {
                int read;
                while ((read = await stream.ReadAsync(buffer.AsMemory(length), _stop.Token)) > 0)
                {
                    length += read;
                    // An event ends with a blank line; only whole events are looked at, then dropped.
                    var end = buffer.AsSpan(0, length).LastIndexOf("\n\n"u8);
                    if (end >= 0)
                    {
                        Interlocked.Increment(ref _deliveries);
                        Credits.Saw(viewer, buffer.AsSpan(0, end));
                        buffer.AsSpan(end + 2, length - end - 2).CopyTo(buffer);
                        length -= end + 2;
                    }

                    if (length == buffer.Length)
                    {
                        Array.Resize(ref buffer, buffer.Length * 2);
                    }
                }
            }
            catch (Exception ex) when (ex is OperationCanceledException or IOException or ObjectDisposedException or HttpRequestException)
            {
            }
        });
    }

    private static SocketsHttpHandler Handler(IPAddress source) => new()
    {
        PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
        ConnectCallback = async (context, cancellationToken) =>
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                socket.Bind(new IPEndPoint(source, 0));
                await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    };

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_readers);
        foreach (var owned in _owned)
        {
            owned.Dispose();
        }

        _stop.Dispose();
    }
}
