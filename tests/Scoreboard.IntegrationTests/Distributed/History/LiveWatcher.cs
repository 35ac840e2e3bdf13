using System.Net.WebSockets;
using System.Text.Json.Nodes;

namespace Scoreboard.IntegrationTests.Distributed.History;

/// <summary>
/// A live client on <c>/ws/scoreboard</c> that keeps the last board it was sent, and reconnects (to whichever instance
/// is up) when its connection ends, as a browser page would. It never reconnects of its own accord, so a board that
/// stops updating while the connection stays open shows up as a stale board.
/// </summary>
public sealed class LiveWatcher(FaultyCluster cluster, int index)
{
    private const int MaxMessageBytes = 1 << 20;

    private volatile IReadOnlyList<Place>? _board;

    public IReadOnlyList<Place>? Board => _board;

    public int Connections { get; private set; }

    /// <summary>How many boards arrived, and the sequence and time of the last one: what a stale board's report needs.</summary>
    public string Summary { get; private set; } = "no board";

    private readonly List<string> _stalls = [];
    private int _boards;
    private DateTime _last = DateTime.UtcNow;

    /// <summary>Boards that came after a silence of over a second: where the pushes stopped and resumed.</summary>
    public IReadOnlyList<string> Stalls => _stalls;

    public async Task RunAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            if (cluster.Pick(index + Connections) is { } server)
            {
                Connections++;
                try
                {
                    await WatchAsync(new Uri($"ws://{server.BaseAddress.Authority}/ws/scoreboard"), stop);
                }
                catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or InvalidOperationException or System.Text.Json.JsonException)
                {
                    // The instance died or refused us: reconnect below.
                }
            }

            await Task.Delay(200, CancellationToken.None);
        }
    }

    private async Task WatchAsync(Uri uri, CancellationToken stop)
    {
        using var socket = new ClientWebSocket();
        using (var connecting = CancellationTokenSource.CreateLinkedTokenSource(stop))
        {
            connecting.CancelAfter(TimeSpan.FromSeconds(5));
            await socket.ConnectAsync(uri, connecting.Token);
        }

        var buffer = new byte[MaxMessageBytes];
        while (true)
        {
            var length = 0;
            ValueWebSocketReceiveResult result;
            do
            {
                result = await socket.ReceiveAsync(buffer.AsMemory(length), stop);
                length += result.Count;
            }
            while (!result.EndOfMessage && length < buffer.Length && result.MessageType != WebSocketMessageType.Close);

            if (result.MessageType == WebSocketMessageType.Close || !result.EndOfMessage)
            {
                return;
            }

            var message = JsonNode.Parse(buffer.AsSpan(0, length))!;
            if (message["entries"] is JsonArray entries)
            {
                _board = entries.Select(e => new Place((string)e!["userId"]!, (long)e["score"]!)).ToList();
                if (DateTime.UtcNow - _last > TimeSpan.FromSeconds(1) && _stalls.Count < 40)
                {
                    _stalls.Add($"#{message["sequence"]} at {DateTime.UtcNow:HH:mm:ss.f} after {(DateTime.UtcNow - _last).TotalSeconds:F1}s");
                }

                _last = DateTime.UtcNow;
                Summary = $"{++_boards} boards on {Connections} connections, the last {message["type"]} #{message["sequence"]} at {DateTime.UtcNow:HH:mm:ss.f} from {uri.Authority}";
            }
        }
    }
}
