using System.Diagnostics.Metrics;

namespace Scoreboard.Diagnostics;

/// <summary>One second of this instance's traffic, as the admin console charts it.</summary>
/// <param name="CreditP95Ms">The 95th percentile of credit latency in that second; null when no credit committed.</param>
public sealed record StatsPoint(DateTimeOffset At, long Applied, long Refused, long RateLimitHits, long LiveConnections, double? CreditP95Ms);

/// <summary>
/// Listens to this instance's own instruments (<see cref="ScoreboardMetrics"/>) and keeps one <see cref="StatsPoint"/>
/// per second for the last <see cref="HistorySeconds"/>: the admin console's charts read these rather than a scrape, so
/// they work with no metrics exporter configured. Per instance: behind a load balancer each instance shows its own.
/// </summary>
public sealed class ConsoleStats : BackgroundService
{
    public const int HistorySeconds = 300;

    public static readonly TimeSpan Every = TimeSpan.FromSeconds(1);

    private readonly MeterListener _listener;
    private readonly TimeProvider _clock;
    private readonly LatencyWindow _latency = new();

    // Running totals written by the instruments' callbacks (any thread) and read once a second.
    private long _applied;
    private long _refused;
    private long _rateLimitHits;
    private long _connections;

    // The ring of the last HistorySeconds points, and the totals at the previous tick (for per-second deltas).
    private readonly StatsPoint[] _ring = new StatsPoint[HistorySeconds];
    private readonly Lock _ringLock = new();
    private int _next;
    private int _count;
    private (long Applied, long Refused, long RateLimitHits) _previous;

    public ConsoleStats(IMeterFactory meters, ScoreboardMetrics metrics, TimeProvider clock)
    {
        _clock = clock;
        _ = metrics; // Created first, so its instruments exist when the listener starts.
        _listener = new MeterListener
        {
            // Only this application's meter (its factory is the scope), so two hosts in one process never mix.
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == ScoreboardMetrics.MeterName && ReferenceEquals(instrument.Meter.Scope, meters)
                    && instrument.Name is Credits or RateLimitHits or LiveConnections or CreditDuration)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        _listener.SetMeasurementEventCallback<long>(OnLong);
        _listener.SetMeasurementEventCallback<double>((_, seconds, _, _) => _latency.Record(seconds));
        _listener.Start();
    }

    private const string Credits = "scoreboard.credits";
    private const string RateLimitHits = "scoreboard.rate_limit.hits";
    private const string LiveConnections = "scoreboard.live.connections";
    private const string CreditDuration = "scoreboard.credit.duration";

    /// <summary>Credits applied and refused since this instance started.</summary>
    public (long Applied, long Refused) Totals => (Interlocked.Read(ref _applied), Interlocked.Read(ref _refused));

    /// <summary>The points after <paramref name="after"/> (all kept points when null), oldest first.</summary>
    public IReadOnlyList<StatsPoint> Points(DateTimeOffset? after)
    {
        lock (_ringLock)
        {
            var points = new List<StatsPoint>(_count);
            for (var i = 0; i < _count; i++)
            {
                var point = _ring[(_next - _count + i + HistorySeconds) % HistorySeconds];
                if (after is null || point.At > after)
                {
                    points.Add(point);
                }
            }

            return points;
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Every, _clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            Tick();
        }
    }

    public override void Dispose()
    {
        _listener.Dispose();
        base.Dispose();
    }

    internal void Tick()
    {
        var totals = (Interlocked.Read(ref _applied), Interlocked.Read(ref _refused), Interlocked.Read(ref _rateLimitHits));
        var point = new StatsPoint(_clock.GetUtcNow(), totals.Item1 - _previous.Applied, totals.Item2 - _previous.Refused,
            totals.Item3 - _previous.RateLimitHits, Interlocked.Read(ref _connections), _latency.TakeP95Milliseconds());
        _previous = totals;
        lock (_ringLock)
        {
            _ring[_next] = point;
            _next = (_next + 1) % HistorySeconds;
            _count = Math.Min(_count + 1, HistorySeconds);
        }
    }

    private void OnLong(Instrument instrument, long value, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state)
    {
        switch (instrument.Name)
        {
            case Credits:
                foreach (var tag in tags)
                {
                    // Duplicates are neither applied nor refused: no chart shows them.
                    if (tag.Key == "outcome" && tag.Value is ScoreboardMetrics.AppliedOutcome)
                    {
                        Interlocked.Add(ref _applied, value);
                    }
                    else if (tag.Key == "outcome" && tag.Value is ScoreboardMetrics.RefusedOutcome)
                    {
                        Interlocked.Add(ref _refused, value);
                    }
                }

                break;
            case RateLimitHits:
                Interlocked.Add(ref _rateLimitHits, value);
                break;
            case LiveConnections:
                Interlocked.Add(ref _connections, value);
                break;
        }
    }
}
