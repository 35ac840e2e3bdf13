using ScottPlot;

namespace Scoreboard.Bench;

/// <summary>The PNG charts of an <c>all</c> run: throughput against baselines, latency percentiles, memory per connection.</summary>
internal static class Charts
{
    private static readonly Color Ours = Color.FromHex("#1f77b4");
    private static readonly Color Baseline = Color.FromHex("#aaaaaa");

    /// <summary>Pairs compared in the throughput chart: label, our key, the baseline's key and name.</summary>
    private static readonly (string Label, string Ours, string Baseline)[] Pairs =
    [
        ("top-10, embedded\nvs static file", "embedded.top", "static"),
        ("top-10, embedded\nvs ZREVRANGE", "embedded.top", "redis.zrevrange"),
        ("rank of user, embedded\nvs ZREVRANK", "embedded.rank", "redis.zrevrank"),
        ("credits, embedded\nvs ZINCRBY", "embedded.credits", "redis.zincrby"),
        ("top-10, distributed\nvs ZREVRANGE", "distributed.top", "redis.zrevrange.d"),
        ("credits, distributed\nvs pgbench", "distributed.credits", "pgbench"),
    ];

    /// <summary>Writes the charts into <paramref name="folder"/>; returns the Markdown that shows them, relative to docs/.</summary>
    public static string Write(Report report, string folder)
    {
        Directory.CreateDirectory(folder);
        var pairs = Pairs.Where(p => report.Has(p.Ours) && report.Has(p.Baseline)).ToArray();
        Throughput(report, pairs, Path.Combine(folder, "throughput.png"));
        Latency(report, Path.Combine(folder, "latency.png"));
        var markdown = "![Throughput against baselines](bench/throughput.png)\n![Latency percentiles](bench/latency.png)\n";
        if (report.Connections.Count > 0)
        {
            Memory(report.Connections, Path.Combine(folder, "memory.png"));
            markdown += "![Memory per idle connection](bench/memory.png)\n";
        }

        return markdown;
    }

    private static void Throughput(Report report, (string Label, string Ours, string Baseline)[] pairs, string path)
    {
        var plot = new Plot();
        var bars = new List<Bar>();
        for (var i = 0; i < pairs.Length; i++)
        {
            bars.Add(new Bar { Position = (i * 3) + 0, Value = report.Median(pairs[i].Ours).Rate, FillColor = Ours });
            bars.Add(new Bar { Position = (i * 3) + 1, Value = report.Median(pairs[i].Baseline).Rate, FillColor = Baseline });
        }

        plot.Add.Bars(bars);
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            [.. pairs.Select((_, i) => (i * 3) + 0.5)], [.. pairs.Select(p => p.Label)]);
        Legend(plot, ("scoreboard", Ours), ("baseline, same run", Baseline));
        plot.Title("Throughput (median of runs), 2 threads × 50 connections");
        plot.YLabel("requests or operations per second");
        plot.Axes.Margins(bottom: 0);
        plot.SavePng(path, 1100, 500);
    }

    private static void Latency(Report report, string path)
    {
        (string Label, string Key)[] series =
            [("top-10, embedded", "embedded.top"), ("static file", "static"), ("ZREVRANGE", "redis.zrevrange"), ("rank, embedded", "embedded.rank"),
             ("ZREVRANK", "redis.zrevrank"), ("top-10, distributed", "distributed.top")];
        series = [.. series.Where(s => report.Has(s.Key))];
        var plot = new Plot();
        var colors = new[] { Color.FromHex("#9ecae1"), Color.FromHex("#3182bd"), Color.FromHex("#08306b") };
        var bars = new List<Bar>();
        for (var i = 0; i < series.Length; i++)
        {
            var median = report.Median(series[i].Key);
            double[] values = [median.P50, median.P90, median.P99];
            bars.AddRange(values.Select((v, p) => new Bar { Position = (i * 4) + p, Value = double.IsNaN(v) ? 0 : v, FillColor = colors[p] }));
        }

        plot.Add.Bars(bars);
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual([.. series.Select((_, i) => (i * 4) + 1.0)], [.. series.Select(s => s.Label)]);
        Legend(plot, ("p50", colors[0]), ("p90 (redis-benchmark: p95)", colors[1]), ("p99", colors[2]));
        plot.Title("Latency percentiles at 50 connections");
        plot.YLabel("milliseconds");
        plot.Axes.Margins(bottom: 0);
        plot.SavePng(path, 1100, 500);
    }

    private static void Memory(List<ConnectionSample> samples, string path)
    {
        var plot = new Plot();
        foreach (var kind in samples.Select(s => s.Kind).Distinct())
        {
            var points = samples.Where(s => s.Kind == kind).OrderBy(s => s.Connections).ToArray();
            var scatter = plot.Add.Scatter(points.Select(p => (double)p.Connections).ToArray(), points.Select(p => p.BytesPerConnection / 1024).ToArray());
            scatter.LegendText = $"idle {kind}";
            scatter.MarkerSize = 8;
        }

        var target = plot.Add.HorizontalLine(16);
        target.LegendText = "target: 16 KiB";
        target.LinePattern = LinePattern.Dashed;
        plot.ShowLegend();
        plot.Title("Server memory per idle live connection (resident set growth / connections)");
        plot.XLabel("connections");
        plot.YLabel("KiB per connection");
        plot.Axes.SetLimitsY(0, Math.Max(20, samples.Max(s => s.BytesPerConnection / 1024) * 1.2));
        plot.SavePng(path, 900, 450);
    }

    private static void Legend(Plot plot, params (string Text, Color Color)[] items)
    {
        foreach (var (text, color) in items)
        {
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = text, FillColor = color });
        }

        plot.ShowLegend(Alignment.UpperRight);
    }
}
