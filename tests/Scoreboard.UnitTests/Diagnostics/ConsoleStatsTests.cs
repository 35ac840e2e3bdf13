using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Scoreboard.Crediting;
using Scoreboard.Diagnostics;
using Scoreboard.Live;

namespace Scoreboard.UnitTests.Diagnostics;

public sealed class ConsoleStatsTests
{
    [Fact]
    public void A_second_counts_applied_and_refused_credits_but_not_duplicates_and_keeps_open_connections()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var meters = services.GetRequiredService<IMeterFactory>();
        var metrics = new ScoreboardMetrics(meters);
        using var stats = new ConsoleStats(meters, metrics, TimeProvider.System);

        metrics.Credit(CreditTally.Applied, null);
        metrics.Credit(CreditTally.Applied, null);
        metrics.Credit(CreditTally.Refused, RefusalReason.Auth);
        metrics.Credit(CreditTally.Duplicate, null);
        metrics.RateLimitHit("user");
        metrics.LiveConnection(WireFormat.Seed004.Transport(), 1);
        metrics.CreditCommitted(TimeSpan.FromMilliseconds(20));
        stats.Tick();
        stats.Tick();

        var points = stats.Points(null);
        Assert.Equal((2L, 1L, 1L, 1L), (points[0].Applied, points[0].Refused, points[0].RateLimitHits, points[0].LiveConnections));
        Assert.InRange(points[0].CreditP95Ms!.Value, 20, 22);
        Assert.Equal((0L, 0L, 1L, (double?)null), (points[1].Applied, points[1].Refused, points[1].LiveConnections, points[1].CreditP95Ms));
        Assert.Equal((2L, 1L), stats.Totals);
    }

    [Fact]
    public void Only_the_last_300_seconds_are_kept_and_another_hosts_meter_is_not_counted()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        using var other = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var meters = services.GetRequiredService<IMeterFactory>();
        using var stats = new ConsoleStats(meters, new ScoreboardMetrics(meters), TimeProvider.System);
        var elsewhere = new ScoreboardMetrics(other.GetRequiredService<IMeterFactory>());

        for (var i = 0; i < ConsoleStats.HistorySeconds + 20; i++)
        {
            elsewhere.Credit(CreditTally.Applied, null);
            stats.Tick();
        }

        var points = stats.Points(null);
        Assert.Equal(ConsoleStats.HistorySeconds, points.Count);
        Assert.All(points, p => Assert.Equal(0, p.Applied));
        Assert.Equal(points.OrderBy(p => p.At), points);
        Assert.Empty(stats.Points(points[^1].At));
    }
}
