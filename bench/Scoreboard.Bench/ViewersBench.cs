using System.Diagnostics;
using System.Globalization;

namespace Scoreboard.Bench;

/// <summary>
/// <c>viewers</c>: many live viewers across several instances in distributed mode on this machine, never in CI. Starts
/// PostgreSQL and Redis on loopback, N server processes, and one client process per instance (WebSocket and SSE from
/// their own loopback addresses); then one credit a second, each changing the top 10. Reports the viewers reached,
/// deliveries/s, credit→viewer p50/p99 and server memory per connection. Everything stops by itself within the time box.
/// </summary>
internal static class ViewersBench
{
    private const string Key = "bench-service-key-0123456789";

    public static async Task<int> RunAsync(string[] args)
    {
        var instances = Options.Int(args, "--instances", 6);
        var total = Options.Int(args, "--viewers", 100_000);
        var seconds = Options.Int(args, "--seconds", 20);
        var minutes = Options.Int(args, "--minutes", 10);
        using var box = new CancellationTokenSource(TimeSpan.FromMinutes(minutes));
        var boxClock = Stopwatch.StartNew();
        var perInstance = (total + instances - 1) / instances;
        total = perInstance * instances; // an equal share per instance, so the total is rounded up to a multiple of the instances
        if (perInstance > 19_000)
        {
            throw new BenchException($"{perInstance} viewers per instance is past what one process may open here (ulimit -n); use more instances");
        }

        Progress.Say($"viewers: {total:N0} across {instances} instances (time box {minutes} min); load average {Report.LoadAverage()}");
        await using var loopback = await Loopback.StartAsync();
        var database = await loopback.CreateDatabaseAsync($"viewers_{DateTime.UtcNow.Ticks}");
        var servers = new List<BenchServer>();
        var clients = new List<Process>();
        try
        {
            for (var i = 0; i < instances; i++)
            {
                servers.Add(await BenchServer.StartAsync(Key, 100, ("ConnectionStrings__Postgres", database), ("ConnectionStrings__Redis", loopback.Redis),
                    // The cap is shared through Redis: room for every viewer, all of them from few addresses.
                    ("Scoreboard__Live__MaxConnections", $"{total + 1000}"), ("Scoreboard__UserTokens__Secret", "bench-jwt-secret-0123456789abcdef0123"),
                    ("Scoreboard__Signing__Secret", "bench-hmac-secret-0123456789")));
            }

            using var http = new HttpClient { BaseAddress = servers[0].Address };
            http.DefaultRequestHeaders.Add("X-API-KEY", Key);
            var leaders = Enumerable.Range(0, 10).Select(i => $"lead_{i}").ToArray();
            var scores = new Dictionary<string, long>();
            foreach (var leader in leaders)
            {
                scores[leader] = await LiveBench.CreditAsync(http, leader);
            }

            var before = servers.Sum(s => s.ResidentBytes());
            for (var i = 0; i < instances; i++)
            {
                // Connecting gets what the time box has left after the start-up, less the credits and the report.
                var connectSeconds = (int)((minutes * 60) - boxClock.Elapsed.TotalSeconds - seconds - 60);
                clients.Add(StartClient(servers[i].Address, perInstance, firstAddress: 2 + (i * 8), Math.Max(10, connectSeconds)));
            }

            var ready = await Task.WhenAll(clients.Select(c => c.StandardOutput.ReadLineAsync(box.Token).AsTask()));
            var reached = ready.Sum(r => int.Parse(r!.Split(' ')[1], CultureInfo.InvariantCulture));
            var failed = ready.Sum(r => int.Parse(r!.Split(' ')[2], CultureInfo.InvariantCulture));
            await Task.Delay(3000, box.Token);
            var perConnection = (servers.Sum(s => s.ResidentBytes()) - before) / (double)Math.Max(1, reached);
            Progress.Say($"  {reached:N0} viewers connected ({failed} failed{(failed > 0 ? ": " + ready.First(r => r!.Split(' ')[2] != "0")!.Split(' ', 4).ElementAtOrDefault(3) : "")}); " +
                $"{perConnection / 1024:F1} KiB per connection");

            for (var k = 0; k < seconds; k++)
            {
                var leader = leaders[k % leaders.Length];
                var line = $"round {leader}\",\"score\":{scores[leader] + 10} {Stopwatch.GetTimestamp()}";
                foreach (var client in clients)
                {
                    await client.StandardInput.WriteLineAsync(line.AsMemory(), box.Token);
                    await client.StandardInput.FlushAsync(box.Token);
                }

                scores[leader] = await LiveBench.CreditAsync(http, leader);
                await Task.Delay(1000, box.Token);
            }

            var (histogram, missing, deliveries, elapsed) = (new SortedDictionary<int, long>(), 0L, 0L, 0.0);
            foreach (var client in clients)
            {
                await client.StandardInput.WriteLineAsync("report".AsMemory(), box.Token);
                await client.StandardInput.FlushAsync(box.Token);
                while (await client.StandardOutput.ReadLineAsync(box.Token) is { } line)
                {
                    var parts = line.Split(' ');
                    if (parts[0] == "h")
                    {
                        var ms = int.Parse(parts[1], CultureInfo.InvariantCulture);
                        histogram[ms] = histogram.GetValueOrDefault(ms) + long.Parse(parts[2], CultureInfo.InvariantCulture);
                    }
                    else if (parts[0] == "done")
                    {
                        missing += long.Parse(parts[1], CultureInfo.InvariantCulture);
                        deliveries += long.Parse(parts[2], CultureInfo.InvariantCulture);
                        elapsed = Math.Max(elapsed, double.Parse(parts[3], CultureInfo.InvariantCulture));
                        break;
                    }
                }
            }

            Console.WriteLine($"viewers: {reached:N0} of {total:N0} connected across {instances} instances ({failed} failed); {seconds} credits, one a second");
            Console.WriteLine($"deliveries/s: {deliveries / Math.Max(elapsed, 1):N0}; credit→viewer p50 {Percentile(histogram, 0.5)} ms, p99 {Percentile(histogram, 0.99)} ms; " +
                $"{missing:N0} expected receipts not seen before the next credit");
            Console.WriteLine($"server memory per connection: {perConnection / 1024:F1} KiB (resident set growth of all instances / viewers); load average {Report.LoadAverage()}");
            foreach (var (error, count) in servers.SelectMany(s => s.Failures()).GroupBy(f => f.Error).Select(g => (g.Key, g.Sum(f => f.Count))).OrderByDescending(f => f.Item2))
            {
                Console.WriteLine($"server logged {count:N0} × {error}");
            }
            return 0;
        }
        finally
        {
            foreach (var client in clients)
            {
                client.Kill(entireProcessTree: true);
                await client.WaitForExitAsync(CancellationToken.None);
                client.Dispose();
            }

            foreach (var server in servers)
            {
                await server.DisposeAsync();
            }
        }
    }

    private static Process StartClient(Uri server, int count, int firstAddress, int connectSeconds)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardInput = true, RedirectStandardOutput = true };
        foreach (var arg in new[] { typeof(ViewersBench).Assembly.Location, "viewers-client", "--url", server.ToString(), "--count", $"{count}", "--first-address", $"{firstAddress}",
            "--connect-seconds", $"{connectSeconds}" })
        {
            start.ArgumentList.Add(arg);
        }

        return Process.Start(start) ?? throw new BenchException("the viewers client did not start");
    }

    private static long Percentile(SortedDictionary<int, long> histogram, double p)
    {
        var target = (long)Math.Ceiling(histogram.Values.Sum() * p);
        var seen = 0L;
        foreach (var (ms, n) in histogram)
        {
            if ((seen += n) >= target)
            {
                return ms;
            }
        }

        return -1;
    }
}
