using System.Diagnostics;

namespace Scoreboard.Diagnostics;

/// <summary>
/// The scoreboard's spans: <c>credit</c> (one per credit request, under ASP.NET Core's request span), <c>store</c> (one
/// per group commit), and <c>index</c> and <c>publish</c> under it. Without a listener (no OTLP endpoint) starting a
/// span returns null and costs next to nothing.
/// </summary>
public static class ScoreboardTelemetry
{
    public const string SourceName = "Scoreboard";
    public const string Credit = "credit";
    public const string Store = "store";
    public const string Index = "index";
    public const string Publish = "publish";

    public static readonly ActivitySource Source = new(SourceName);

    /// <summary>
    /// Starts the span of one group commit, which carries many requests' credits. A span has one parent, so the batch's
    /// first credit is its parent (a credit committed alone, the usual case when traffic is light, gets the full
    /// request → credit → store → index → publish chain); every other credit is a link, and each credit's span links
    /// back to the commit, so either side of a batched trace leads to the other. Also records the batch size.
    /// </summary>
    public static Activity? StartCommit(ScoreboardMetrics metrics, int count, IEnumerable<Activity?> credits)
    {
        metrics.Batch(count);
        if (!Source.HasListeners())
        {
            return null;
        }

        var spans = credits.Where(c => c is not null).Select(c => c!).ToList();
        var parent = spans.Count > 0 ? spans[0].Context : default;
        var links = spans.Skip(1).Select(c => new ActivityLink(c.Context)).ToList();
        var commit = Source.StartActivity(Store, ActivityKind.Internal, parent, [new("scoreboard.batch.size", count)], links);
        if (commit is not null)
        {
            foreach (var credit in spans.Skip(1))
            {
                credit.AddLink(new ActivityLink(commit.Context));
            }
        }

        return commit;
    }

    /// <summary>A child span of the current one (the commit's <c>index</c> and <c>publish</c>).</summary>
    public static Activity? Step(string name) => Source.StartActivity(name);
}
