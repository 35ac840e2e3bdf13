using System.Diagnostics;
using System.Globalization;

namespace Scoreboard.Bench;

/// <summary>
/// <c>viewers-client</c>: one process of the 100k-viewers bench (a process holds at most ~19k sockets here). Opens its
/// viewers on one instance, says <c>ready</c>, then follows the orchestrator's lines on standard input: <c>round
/// MARKER TIMESTAMP</c> starts timing a credit (timestamps are the machine-wide monotonic clock), <c>report</c> prints a
/// latency histogram (1 ms buckets) and the deliveries, and ends the process.
/// </summary>
internal static class ViewersClient
{
    public static async Task<int> RunAsync(string[] args)
    {
        var url = new Uri(Options.Text(args, "--url") ?? throw new BenchException("--url is required"));
        var count = Options.Int(args, "--count", 1000);
        var sseCount = count * Options.Int(args, "--sse-percent", 50) / 100;
        var first = Options.Int(args, "--first-address", 2);
        // Half the time to each kind: a machine that falls short reports the number it reached, not nothing.
        var openFor = TimeSpan.FromSeconds(Options.Int(args, "--connect-seconds", 240) / 2.0);
        await using var ws = await Viewers.OpenAsync(url, count - sseCount, sse: false, first, maxFailures: 200, openFor: openFor);
        await using var sse = await Viewers.OpenAsync(url, sseCount, sse: true, first + 3, maxFailures: 200, openFor: openFor);
        var failure = (ws.LastFailure ?? sse.LastFailure)?.ReplaceLineEndings(" ");
        Console.WriteLine($"ready {ws.Count + sse.Count} {ws.Failures + sse.Failures} {failure}");
        var histogram = new SortedDictionary<int, int>();
        var (missing, rounds, deliveriesAtStart, clock) = (0L, 0, 0L, Stopwatch.StartNew());
        void Collect()
        {
            foreach (var viewers in new[] { ws, sse })
            {
                var samples = viewers.Credits.Partial();
                missing += viewers.Count - samples.Count;
                foreach (var ms in samples)
                {
                    histogram[(int)ms] = histogram.GetValueOrDefault((int)ms) + 1;
                }
            }
        }

        while (Console.ReadLine() is { } line)
        {
            var parts = line.Split(' ');
            if (parts[0] == "round")
            {
                if (rounds++ > 0)
                {
                    Collect();
                }
                else
                {
                    (deliveriesAtStart, clock) = (ws.Deliveries + sse.Deliveries, Stopwatch.StartNew());
                }

                var startedAt = long.Parse(parts[2], CultureInfo.InvariantCulture);
                _ = ws.Credits.Start(parts[1], ws.Count, startedAt);
                _ = sse.Credits.Start(parts[1], sse.Count, startedAt);
            }
            else if (parts[0] == "report")
            {
                Collect();
                foreach (var (ms, n) in histogram)
                {
                    Console.WriteLine($"h {ms} {n}");
                }

                Console.WriteLine($"done {missing} {ws.Deliveries + sse.Deliveries - deliveriesAtStart} {clock.Elapsed.TotalSeconds.ToString(CultureInfo.InvariantCulture)}");
                return 0;
            }
        }

        return 0;
    }
}
