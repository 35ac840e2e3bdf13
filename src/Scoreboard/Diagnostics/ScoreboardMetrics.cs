using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Scoreboard.Diagnostics;

/// <summary>
/// Every metric the scoreboard reports, on the meter <see cref="MeterName"/>. The instrument names are a contract that
/// alerts depend on (docs/observability.md); tags take values from small fixed sets only, so no caller can make the
/// number of series grow.
/// </summary>
public sealed class ScoreboardMetrics
{
    public const string MeterName = "Scoreboard";

    /// <summary>Values of the credit counter's <c>outcome</c> tag that readers of the counter (the console) look for.</summary>
    public const string AppliedOutcome = "applied", RefusedOutcome = "refused";

    // Seconds, from 1 ms (an in-process commit) to 5 s (a store in trouble).
    private static readonly double[] LatencyBuckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];
    private static readonly int[] BatchBuckets = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000];

    // A rebuild reads every standing: seconds to minutes on a large board.
    private static readonly double[] RebuildBuckets = [0.01, 0.1, 0.5, 1, 5, 10, 30, 60, 120, 300];

    private readonly Counter<long> _credits;
    private readonly Histogram<double> _creditDuration;
    private readonly Histogram<int> _batchSize;
    private readonly UpDownCounter<long> _liveConnections;
    private readonly Counter<long> _liveDeliveries;
    private readonly Counter<long> _liveDropped;
    private readonly Counter<long> _rateLimitHits;
    private readonly Counter<long> _reads;
    private readonly Histogram<double> _rebuildDuration;
    private readonly Counter<long> _flags;
    private long _outboxBacklog = -1;
    private double _outboxLag;
    private long _indexUsers = -1;

    public ScoreboardMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _credits = meter.CreateCounter<long>("scoreboard.credits", "{credit}",
            "Credit requests by outcome (applied, duplicate, refused) and, for refusals, reason.");
        _creditDuration = meter.CreateHistogram("scoreboard.credit.duration", "s",
            "Time from a credit request's arrival to its commit.", advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LatencyBuckets });
        _batchSize = meter.CreateHistogram("scoreboard.commit.batch_size", "{credit}",
            "Credits committed together in one transaction (group commit).", advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = BatchBuckets });
        _liveConnections = meter.CreateUpDownCounter<long>("scoreboard.live.connections", "{connection}", "Open live connections by transport.");
        _liveDeliveries = meter.CreateCounter<long>("scoreboard.live.deliveries", "{message}", "Board updates handed to live connections.");
        _liveDropped = meter.CreateCounter<long>("scoreboard.live.dropped", "{connection}", "Live connections cut off because they read too slowly.");
        _rateLimitHits = meter.CreateCounter<long>("scoreboard.rate_limit.hits", "{request}", "Requests refused by a rate limit, by partition.");
        _reads = meter.CreateCounter<long>("scoreboard.reads", "{read}", "Rank index reads: hit when the index answered, miss when the store had to.");
        meter.CreateObservableGauge("scoreboard.outbox.backlog", () => Observe(Interlocked.Read(ref _outboxBacklog)), "{standing}",
            "Committed standings not yet confirmed in the Redis index (distributed mode).");
        meter.CreateObservableGauge("scoreboard.outbox.lag", () => Observe(Interlocked.Read(ref _outboxBacklog), Volatile.Read(ref _outboxLag)), "s",
            "Age of the oldest standing waiting for the Redis index (distributed mode).");
        _rebuildDuration = meter.CreateHistogram("scoreboard.index.rebuild.duration", "s",
            "Rebuilding the rank index from the store.", advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = RebuildBuckets });
        meter.CreateObservableGauge("scoreboard.index.users", () => Observe(Interlocked.Read(ref _indexUsers)), "{user}", "Users in the rank index.");
        _flags = meter.CreateCounter<long>("scoreboard.flags", "{flag}", "Users flagged by the anomaly watch, by rule.");
    }

    /// <summary>Counts one credit request's outcome; <paramref name="reason"/> only for refusals.</summary>
    public void Credit(string outcome, string? reason)
    {
        if (_credits.Enabled)
        {
            // Prometheus treats an empty label as a missing one, so applied and duplicate carry no reason at all.
            if (reason is null)
            {
                _credits.Add(1, new KeyValuePair<string, object?>("outcome", outcome));
            }
            else
            {
                _credits.Add(1, new("outcome", outcome), new("reason", reason));
            }
        }
    }

    public void CreditCommitted(TimeSpan sinceArrival)
    {
        if (_creditDuration.Enabled)
        {
            _creditDuration.Record(sinceArrival.TotalSeconds);
        }
    }

    public void Batch(int credits)
    {
        if (_batchSize.Enabled)
        {
            _batchSize.Record(credits);
        }
    }

    public void LiveConnection(string transport, int change) => _liveConnections.Add(change, new KeyValuePair<string, object?>("transport", transport));

    public void LiveDelivered(string transport)
    {
        if (_liveDeliveries.Enabled)
        {
            _liveDeliveries.Add(1, new KeyValuePair<string, object?>("transport", transport));
        }
    }

    public void LiveDropped(string transport) => _liveDropped.Add(1, new KeyValuePair<string, object?>("transport", transport));

    /// <summary>A refusal by a rate limit: <c>user</c> (user credits), <c>service_key</c>, <c>demo</c>.</summary>
    public void RateLimitHit(string partition) => _rateLimitHits.Add(1, new KeyValuePair<string, object?>("partition", partition));

    public void Read(bool hit)
    {
        if (_reads.Enabled)
        {
            _reads.Add(1, new KeyValuePair<string, object?>("cache", hit ? "hit" : "miss"));
        }
    }

    /// <summary>A finished rebuild; <paramref name="trigger"/> is <c>startup</c> or <c>relay</c>.</summary>
    public void IndexRebuilt(TimeSpan took, string trigger) =>
        _rebuildDuration.Record(took.TotalSeconds, new KeyValuePair<string, object?>("trigger", trigger));

    public void Flagged(string reason) => _flags.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public void IndexUsers(long users) => Interlocked.Exchange(ref _indexUsers, users);

    public void Outbox(long backlog, TimeSpan oldest)
    {
        Volatile.Write(ref _outboxLag, oldest.TotalSeconds);
        Interlocked.Exchange(ref _outboxBacklog, backlog);
    }

    /// <summary>Seconds elapsed since a <see cref="Stopwatch.GetTimestamp"/> reading.</summary>
    public static TimeSpan Since(long timestamp) => Stopwatch.GetElapsedTime(timestamp);

    // A gauge nobody has measured yet (embedded mode has no outbox) reports nothing rather than a made-up zero.
    private static IEnumerable<Measurement<long>> Observe(long value) => value < 0 ? [] : [new Measurement<long>(value)];

    private static IEnumerable<Measurement<double>> Observe(long backlog, double lag) => backlog < 0 ? [] : [new Measurement<double>(lag)];
}
