using System.Diagnostics;

namespace Scoreboard.Bench;

/// <summary>What one idle live connection costs the server, at a given number of connections, and credit→client latency then.</summary>
internal sealed record ConnectionSample(string Kind, int Connections, double BytesPerConnection, double P50, double P99, double DeliveriesPerSecond);

/// <summary>
/// Opens N idle viewers (WebSocket or SSE) on the built server in its own process, so only the server's memory is
/// counted: resident set growth from N connections, divided by N, after a warm-up set is already open. Then credits
/// that each change the top 10, one per window and a half, timed from just before the POST to each viewer's receipt.
/// </summary>
internal static class ConnectionsBench
{
    private const string Key = "bench-service-key-0123456789";
    private const int Warmup = 200;

    /// <summary><c>connections</c>: one measurement; <c>--hold S</c> keeps the viewers open S seconds for a profiler (dotnet-gcdump).</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        var sample = await MeasureAsync(Options.Int(args, "--clients", 10_000), args.Contains("--sse"), Options.Int(args, "--credits", 10),
            Options.Int(args, "--window-ms", 100), Options.Int(args, "--hold", 0));
        Console.WriteLine($"{sample.Connections:N0} idle {sample.Kind} viewers: {sample.BytesPerConnection / 1024:F1} KiB per connection (server resident set growth / connections); " +
            $"credit→viewer p50 {sample.P50:F0} ms, p99 {sample.P99:F0} ms; {sample.DeliveriesPerSecond:N0} deliveries/s; load average {Report.LoadAverage()}");
        return 0;
    }

    public static async Task<ConnectionSample> MeasureAsync(int count, bool sse, int credits, int windowMs, int holdSeconds = 0)
    {
        var kind = sse ? "SSE" : "WebSocket";
        Progress.Say($"live: {count:N0} idle {kind} viewers");
        await using var server = await BenchServer.StartAsync(Key, windowMs, ("Scoreboard__Live__MaxConnections", $"{count + Warmup + 100}"));
        using var http = new HttpClient { BaseAddress = server.Address };
        http.DefaultRequestHeaders.Add("X-API-KEY", Key);
        var leaders = Enumerable.Range(0, 10).Select(i => $"lead_{i}").ToArray();
        var scores = new Dictionary<string, long>();
        foreach (var leader in leaders)
        {
            scores[leader] = await LiveBench.CreditAsync(http, leader);
        }

        // Code paths warmed and the first buffers allocated before the baseline is read.
        await using var warm = await Viewers.OpenAsync(server.Address, Warmup, sse, firstAddress: 250);
        await Task.Delay(1000);
        var before = server.ResidentBytes();
        await using var viewers = await Viewers.OpenAsync(server.Address, count, sse);
        await Task.Delay(3000);
        var perConnection = (server.ResidentBytes() - before) / (double)count;
        if (holdSeconds > 0)
        {
            Progress.Say($"  holding {holdSeconds} s: server process {server.ProcessId} (e.g. dotnet-gcdump collect -p {server.ProcessId})");
            await Task.Delay(TimeSpan.FromSeconds(holdSeconds));
        }


        var samples = new List<double>();
        var (startDeliveries, clock) = (viewers.Deliveries, Stopwatch.StartNew());
        for (var k = 0; k < credits; k++)
        {
            var leader = leaders[k % leaders.Length];
            var seen = viewers.Credits.Start($"{leader}\",\"score\":{scores[leader] + 10}", viewers.Count, Stopwatch.GetTimestamp());
            scores[leader] = await LiveBench.CreditAsync(http, leader);
            try
            {
                samples.AddRange(await seen.WaitAsync(TimeSpan.FromSeconds(30)));
            }
            catch (TimeoutException)
            {
                var partial = viewers.Credits.Partial();
                throw new BenchException($"only {partial.Count:N0} of {viewers.Count:N0} {kind} viewers saw credit {k + 1} within 30 s");
            }

            await Task.Delay(windowMs + (windowMs / 2));
        }

        var rate = (viewers.Deliveries - startDeliveries) / clock.Elapsed.TotalSeconds;
        var sample = new ConnectionSample(kind, count, perConnection, LiveBench.Percentile(samples, 0.5), LiveBench.Percentile(samples, 0.99), rate);
        Progress.Say($"  {perConnection / 1024:F1} KiB per connection; credit→viewer p50 {sample.P50:F0} ms, p99 {sample.P99:F0} ms");
        return sample;
    }
}
