using System.Diagnostics;
using System.Globalization;
using System.Net.WebSockets;
using Microsoft.Extensions.DependencyInjection;

namespace Scoreboard.Bench;

/// <summary>
/// A long run that shows whether memory stays flat: the server in one process printing its resident set and GC heap
/// each minute, and the load (mixed credits, reads and churning live clients) in another, so neither counts the other.
/// scripts/soak.sh starts both.
/// </summary>
internal static class SoakBench
{
    /// <summary><c>soak-server --minutes M [settings…]</c>: serves, and prints its memory each minute, for M + 1 minutes.</summary>
    public static async Task<int> ServeAsync(string[] args)
    {
        var minutes = Options.Int(args, "--minutes", 30);
        // Thousands of live clients come from one loopback address: the per-address share of the cap must allow them.
        await using var server = await InProcessServer.StartAsync(["--Scoreboard:Live:MaxConnections=50000", .. args.Where(a => a.StartsWith("--Scoreboard:", StringComparison.Ordinal) || a.StartsWith("--ConnectionStrings:", StringComparison.Ordinal))]);
        Console.WriteLine($"listening {server.Address}");
        var stopping = server.Services.GetRequiredService<Microsoft.Extensions.Hosting.IHostApplicationLifetime>().ApplicationStopping;
        // One minute longer than the load, which starts after it: soak.sh stops it once the load is done.
        for (var minute = 0; minute <= minutes + 1; minute++)
        {
            var gc = GC.GetGCMemoryInfo();
            using var self = Process.GetCurrentProcess();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"minute {minute,3}: rss {self.WorkingSet64 / 1048576.0,7:F1} MiB, gc heap {gc.HeapSizeBytes / 1048576.0,7:F1} MiB " +
                $"(committed {gc.TotalCommittedBytes / 1048576.0:F1} MiB), gen2 collections {GC.CollectionCount(2)}"));
            // SIGTERM (soak.sh, Ctrl-C) stops the host; the loop ends with it, and the data folder is removed.
            await Task.Delay(TimeSpan.FromMinutes(1), stopping).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            if (stopping.IsCancellationRequested)
            {
                break;
            }
        }

        return 0;
    }

    /// <summary><c>soak-load --url U --minutes M --clients N</c>: credits, reads and N live clients that keep reconnecting.</summary>
    public static async Task<int> LoadAsync(string[] args)
    {
        var url = new Uri(Options.Text(args, "--url") ?? throw new ArgumentException("--url is required"));
        var minutes = Options.Int(args, "--minutes", 30);
        var clients = Options.Int(args, "--clients", 2000);
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(minutes));
        var counts = new long[4];
        using var http = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Add("X-API-KEY", InProcessServer.ServiceKey);
        var credits = Enumerable.Range(0, 8).Select(w => RepeatAsync(counts, 0, stop.Token, async n =>
        {
            using var reply = await http.PostAsync("/scores/increment", Load.Json($"{{\"userId\":\"soak_{Random.Shared.Next(10_000)}\",\"actionId\":\"soak-{w}-{n}\"}}"));
            return reply.IsSuccessStatusCode;
        }));
        var reads = Enumerable.Range(0, 4).Select(w => RepeatAsync(counts, 1, stop.Token, async n =>
        {
            using var reply = await http.GetAsync(n % 2 == 0 ? "/scoreboard/top?limit=10" : $"/api/v1/scores/user/soak_{Random.Shared.Next(10_000)}");
            return reply.IsSuccessStatusCode || reply.StatusCode == System.Net.HttpStatusCode.NotFound;
        }));
        var live = Enumerable.Range(0, clients).Select(_ => RepeatAsync(counts, 2, stop.Token, n => WatchAsync(url, stop.Token)));
        var report = ReportAsync(counts, stop.Token);
        await Task.WhenAll([.. credits, .. reads, .. live, report]);
        return 0;
    }

    private static async Task RepeatAsync(long[] counts, int slot, CancellationToken stop, Func<int, Task<bool>> step)
    {
        for (var n = 0; !stop.IsCancellationRequested; n++)
        {
            bool ok;
            try
            {
                ok = await step(n);
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or WebSocketException or OperationCanceledException)
            {
                ok = stop.IsCancellationRequested;
            }

            Interlocked.Increment(ref counts[ok ? slot : 3]);
            if (!ok)
            {
                await Task.Delay(200, CancellationToken.None);
            }
        }
    }

    /// <summary>One live client's visit: connects, reads boards for 5–60 s, leaves.</summary>
    private static async Task<bool> WatchAsync(Uri url, CancellationToken stop)
    {
        using var socket = new ClientWebSocket();
        using var visit = CancellationTokenSource.CreateLinkedTokenSource(stop);
        visit.CancelAfter(TimeSpan.FromSeconds(Random.Shared.Next(5, 60)));
        await socket.ConnectAsync(new Uri($"ws://{url.Authority}/ws/scoreboard"), stop);
        var buffer = new byte[64 * 1024];
        try
        {
            while (socket.State == WebSocketState.Open)
            {
                await socket.ReceiveAsync(buffer.AsMemory(), visit.Token);
            }
        }
        catch (OperationCanceledException) when (!stop.IsCancellationRequested)
        {
            // The visit is over: the socket is dropped without a close handshake, as a closed tab would.
        }

        return true;
    }

    private static async Task ReportAsync(long[] counts, CancellationToken stop)
    {
        for (var minute = 1; !stop.IsCancellationRequested; minute++)
        {
            await Task.Delay(TimeSpan.FromMinutes(1), stop).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            Console.WriteLine($"load minute {minute,3}: credits {Interlocked.Read(ref counts[0])}, reads {Interlocked.Read(ref counts[1])}, " +
                $"live visits {Interlocked.Read(ref counts[2])}, failures {Interlocked.Read(ref counts[3])} (totals)");
        }
    }
}
