using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.WebSockets;
using System.Text;

namespace Scoreboard.Bench;

/// <summary>
/// Live push latency, credit to client, with many WebSocket clients on <c>/ws/scoreboard</c>, against one client
/// in the same run; and the server's resident memory per idle connection. The server runs as its own process
/// (the built Scoreboard.dll), so the clients' memory is not counted.
/// </summary>
internal static class LiveBench
{
    private const string Key = "bench-service-key-0123456789";

    public static async Task<int> RunAsync(string[] args)
    {
        var clients = Options.Int(args, "--clients", 1000);
        var credits = Options.Int(args, "--credits", 50);
        var runs = Options.Int(args, "--runs", 3);
        var window = Options.Int(args, "--window-ms", 100);
        var single = new List<double>();
        var (medians, p99s, perConnection) = (new List<double>(), new List<double>(), new List<double>());
        for (var run = 0; run < runs; run++)
        {
            single.Add(Percentile(await MeasureAsync(1, credits, window, null), 0.5));
            var rss = new List<double>();
            var samples = await MeasureAsync(clients, credits, window, rss);
            medians.Add(Percentile(samples, 0.5));
            p99s.Add(Percentile(samples, 0.99));
            perConnection.Add(rss[0]);
        }

        var baseline = Options.Median(single);
        Console.WriteLine($"clients={clients} credits={credits} runs={runs} window={window} ms (WebSocket /ws/scoreboard; the coalescing window is part of the latency)");
        Console.WriteLine($"baseline, 1 client:        push latency median {baseline:F1} ms");
        Console.WriteLine($"{clients} clients:             push latency median {Options.Median(medians):F1} ms ({Options.Median(medians) / baseline:F2}x), p99 {Options.Median(p99s):F1} ms");
        Console.WriteLine($"server memory per idle WebSocket connection: median {Options.Median(perConnection) / 1024:F1} KiB (resident set growth / connections)");
        return 0;
    }

    /// <summary>Latency samples in ms, one per credit per client; adds the RSS growth per connection to <paramref name="rss"/>.</summary>
    private static async Task<List<double>> MeasureAsync(int clientCount, int credits, int window, List<double>? rss)
    {
        await using var server = await BenchServer.StartAsync(Key, window);
        using var http = new HttpClient { BaseAddress = server.Address };
        http.DefaultRequestHeaders.Add("X-API-KEY", Key);
        var leaders = Enumerable.Range(0, 10).Select(i => $"lead_{i}").ToArray();
        var scores = leaders.ToDictionary(l => l, _ => 0L);
        foreach (var leader in leaders)
        {
            scores[leader] = await CreditAsync(http, leader);
        }

        await Task.Delay(500);
        var before = server.ResidentBytes();
        var sockets = new List<ClientWebSocket>();
        for (var i = 0; i < clientCount; i++)
        {
            var socket = new ClientWebSocket();
            await socket.ConnectAsync(new Uri($"ws://{server.Address.Authority}/ws/scoreboard"), CancellationToken.None);
            sockets.Add(socket);
        }

        var round = new Round();
        using var stop = new CancellationTokenSource();
        var readers = sockets.Select(s => ReadAsync(s, round, stop.Token)).ToList();
        await Task.Delay(2000);
        rss?.Add((server.ResidentBytes() - before) / (double)clientCount);

        var samples = new List<double>();
        for (var k = 0; k < credits; k++)
        {
            var leader = leaders[k % leaders.Length];
            var expected = scores[leader] + 10;
            var seen = round.Start($"\"userId\":\"{leader}\",\"displayName\":\"{leader}\",\"score\":{expected},", clientCount);
            scores[leader] = await CreditAsync(http, leader);
            samples.AddRange(await seen.WaitAsync(TimeSpan.FromSeconds(30)));

            // Apart by more than the window, so each credit is its own push.
            await Task.Delay(window + 50);
        }

        await stop.CancelAsync();
        foreach (var socket in sockets)
        {
            socket.Abort();
            socket.Dispose();
        }

        await Task.WhenAll(readers);
        return samples;
    }

    private static async Task ReadAsync(ClientWebSocket socket, Round round, CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            while (true)
            {
                var length = 0;
                ValueWebSocketReceiveResult result;
                do
                {
                    result = await socket.ReceiveAsync(buffer.AsMemory(length), cancellationToken);
                    length += result.Count;
                }
                while (!result.EndOfMessage);

                round.Saw(Encoding.UTF8.GetString(buffer, 0, length));
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or ObjectDisposedException)
        {
        }
    }

    internal static async Task<long> CreditAsync(HttpClient http, string user)
    {
        using var body = new StringContent($$"""{"userId":"{{user}}","actionId":"{{Guid.NewGuid():N}}"}""", Encoding.UTF8);
        body.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await http.PostAsync("/scores/increment", body);
        response.EnsureSuccessStatusCode();
        var text = await response.Content.ReadAsStringAsync();
        var at = text.IndexOf("\"newScore\":", StringComparison.Ordinal) + 11;
        return long.Parse(text[at..text.IndexOf(',', at)], CultureInfo.InvariantCulture);
    }

    internal static double Percentile(List<double> values, double p)
    {
        var sorted = values.Order().ToList();
        return sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
    }

    /// <summary>One credit's wait: when each client first saw the expected row.</summary>
    private sealed class Round
    {
        private readonly object _gate = new();
        private string _marker = "\0";
        private long _startedAt;
        private int _remaining;
        private List<double> _samples = [];
        private TaskCompletionSource<List<double>> _done = new();

        public Task<List<double>> Start(string marker, int clients)
        {
            lock (_gate)
            {
                (_marker, _remaining, _samples) = (marker, clients, new List<double>(clients));
                _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
                _startedAt = Stopwatch.GetTimestamp();
                return _done.Task;
            }
        }

        public void Saw(string message)
        {
            lock (_gate)
            {
                if (_remaining > 0 && message.Contains(_marker, StringComparison.Ordinal))
                {
                    _samples.Add(Stopwatch.GetElapsedTime(_startedAt).TotalMilliseconds);
                    if (--_remaining == 0)
                    {
                        _done.TrySetResult(_samples);
                    }
                }
            }
        }
    }
}
