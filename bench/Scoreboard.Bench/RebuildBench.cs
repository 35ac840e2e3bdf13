using System.Diagnostics;
using Scoreboard.Ranking;
using Scoreboard.Scoring;

namespace Scoreboard.Bench;

/// <summary>How long the in-process rank index takes to rebuild from N standings, next to sorting them (the baseline).</summary>
internal static class RebuildBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var users = Options.Int(args, "--users", 1_000_000);
        var runs = Options.Int(args, "--runs", 5);
        var random = new Random(42);
        var now = DateTimeOffset.UtcNow;
        var standings = Enumerable.Range(0, users)
            .Select(i => new Standing($"user_{i}", null, random.NextInt64(0, 100_000), i + 1, now))
            .ToArray();

        var sortTimes = new List<double>();
        var rebuildTimes = new List<double>();
        var topTimes = new List<double>();
        for (var run = 0; run < runs; run++)
        {
            var copy = (Standing[])standings.Clone();
            var stopwatch = Stopwatch.StartNew();
            Array.Sort(copy, TieRule.Instance);
            sortTimes.Add(stopwatch.Elapsed.TotalMilliseconds);

            var index = new InProcessRankIndex();
            stopwatch.Restart();
            await index.RebuildAsync(standings.ToAsyncEnumerable(), CancellationToken.None);
            rebuildTimes.Add(stopwatch.Elapsed.TotalMilliseconds);

            stopwatch.Restart();
            const int queries = 100_000;
            for (var q = 0; q < queries; q++)
            {
                await index.TopAsync(0, 10, CancellationToken.None);
            }

            topTimes.Add(stopwatch.Elapsed.TotalMicroseconds / queries);
        }

        var sort = Options.Median(sortTimes);
        var rebuild = Options.Median(rebuildTimes);
        Console.WriteLine($"users={users} runs={runs}");
        Console.WriteLine($"baseline Array.Sort (tie rule): median {sort:F0} ms");
        Console.WriteLine($"rank index rebuild:             median {rebuild:F0} ms  ({rebuild / sort:F1}x the sort)");
        Console.WriteLine($"top-10 read from the index:     median {Options.Median(topTimes):F2} µs");
        return 0;
    }
}
