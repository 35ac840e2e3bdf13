using System.Globalization;
using System.Text;

namespace Scoreboard.Bench;

/// <summary>
/// The figures of one <c>all</c> run: every measure's runs, the issue's target table (medians of the runs, each ratio
/// the median of the per-run ratios against that run's own baseline), printed and written into docs/BENCHMARKS.md.
/// </summary>
internal sealed class Report(string command, int windowMs)
{
    private readonly Dictionary<string, List<LoadResult>> _runs = [];
    private readonly string _loadBefore = LoadAverage();

    public List<ConnectionSample> Connections { get; } = [];

    public string Command => command;

    public void Add(string key, LoadResult result)
    {
        (_runs.TryGetValue(key, out var list) ? list : _runs[key] = []).Add(result);
        Progress.Say($"  {key}: {result.Rate:N0}/s (p50 {result.P50:F2} ms, p99 {result.P99:F2} ms)");
    }

    public bool Has(string key) => _runs.ContainsKey(key);

    public LoadResult Median(string key) => new(Options.Median([.. _runs[key].Select(r => r.Rate)]), Options.Median([.. _runs[key].Select(r => r.P50)]),
        Options.Median([.. _runs[key].Select(r => r.P90)]), Options.Median([.. _runs[key].Select(r => r.P99)]));

    /// <summary>The median of run-by-run ratios: each run is compared with the baseline measured beside it.</summary>
    public double Ratio(string ours, string baseline) => Options.Median([.. _runs[ours].Zip(_runs[baseline], (o, b) => o.Rate / b.Rate)]);

    public IEnumerable<Row> Rows()
    {
        Row Throughput(string measure, string ours, string baseline, string baselineName, double target) => Has(ours) && Has(baseline)
            ? new(measure, $"{Median(ours).Rate:N0}/s", $"{baselineName} {Median(baseline).Rate:N0}/s", $"{Ratio(ours, baseline):F2}×", $"≥ {target}×", Ratio(ours, baseline) >= target)
            : new(measure, "not run", "", "", $"≥ {target}×", null);

        yield return Throughput("embedded top-10 read", "embedded.top", "static", "static file", 0.9);
        yield return Throughput("embedded top-10 read", "embedded.top", "redis.zrevrange", "ZREVRANGE 0 9 WITHSCORES", 0.8);
        if (Has("embedded.top"))
        {
            var p99 = Median("embedded.top").P99;
            yield return new("embedded top-10 read, p99 at 50 connections", $"{p99:F2} ms", $"static file {Median("static").P99:F2} ms", "", "< 5 ms", p99 < 5);
        }

        yield return Throughput("embedded rank-of-user read", "embedded.rank", "redis.zrevrank", "ZREVRANK", 0.8);
        yield return Throughput("distributed top-10 read, one instance", "distributed.top", "redis.zrevrange.d", "ZREVRANGE 0 9 WITHSCORES", 0.9);
        yield return Throughput("distributed durable credits, one instance", "distributed.credits", "pgbench", "pgbench 32 clients", 3);
        yield return Throughput("embedded durable credits", "embedded.credits", "redis.zincrby", "ZINCRBY", 0.3);
        foreach (var kind in new[] { "WebSocket", "SSE" })
        {
            if (Connections.Where(c => c.Kind == kind).MaxBy(c => c.Connections) is { } largest)
            {
                var kib = largest.BytesPerConnection / 1024;
                yield return new($"idle {kind} connection ({largest.Connections:N0} connected)", $"{kib:F1} KiB", "", "", "≤ 16 KiB", kib <= 16);
                yield return new($"credit→client p99, {largest.Connections:N0} {kind} viewers", $"{largest.P99:F0} ms", $"p50 {largest.P50:F0} ms", "",
                    $"≤ {windowMs + 150} ms", largest.P99 <= windowMs + 150);
            }
        }

        foreach (var mode in new[] { "embedded", "distributed" })
        {
            if (Has($"boards.{mode}.4") && Has($"boards.{mode}.1"))
            {
                yield return new($"credits/s with global + daily + weekly + monthly ({mode})", $"{Median($"boards.{mode}.4").Rate:N0}/s",
                    $"global only {Median($"boards.{mode}.1").Rate:N0}/s", $"{Ratio($"boards.{mode}.4", $"boards.{mode}.1"):F2}×", "(reported)", null);
            }
        }
    }

    public string Table()
    {
        var text = new StringBuilder("| measure | ours | baseline (same run) | ratio | target | met? |\n|---|---|---|---|---|---|\n");
        foreach (var row in Rows())
        {
            text.Append(CultureInfo.InvariantCulture, $"| {row.Measure} | {row.Ours} | {row.Baseline} | {row.Ratio} | {row.Target} | {row.Met switch { true => "yes", false => "**no**", null => "—" }} |\n");
        }

        return text.ToString();
    }

    /// <summary>The section of docs/BENCHMARKS.md this run writes, between its markers.</summary>
    public string Markdown(int runs, string charts) => $"""
        Command: `{command}` ({runs} run(s), medians). Machine: {Machine()}. Load average (1, 5, 15 min) before: {_loadBefore}; after: {LoadAverage()}.
        Every HTTP figure is wrk, and every Redis figure redis-benchmark, with 2 threads and 50 connections; pgbench runs 32 clients
        (`synchronous_commit=on`). The live rows are the built server in its own process with idle viewers from 127.0.0.2….

        {Table()}
        {charts}
        """;

    public static string LoadAverage() => string.Join(", ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3));

    private static string Machine()
    {
        var cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':')[1].Trim() ?? "unknown CPU";
        var memory = long.Parse(File.ReadLines("/proc/meminfo").First().Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024 / 1024;
        var os = File.Exists("/etc/os-release")
            ? File.ReadLines("/etc/os-release").FirstOrDefault(l => l.StartsWith("PRETTY_NAME=", StringComparison.Ordinal))?[12..].Trim('"') : null;
        return $"{Environment.ProcessorCount} × {cpu}, {memory} GiB, {os ?? "Linux"}, .NET {Environment.Version}";
    }

    /// <summary>One line of the target table; <see cref="Met"/> is null where there is no target.</summary>
    internal sealed record Row(string Measure, string Ours, string Baseline, string Ratio, string Target, bool? Met);
}
