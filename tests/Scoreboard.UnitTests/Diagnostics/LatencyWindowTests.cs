using Scoreboard.Diagnostics;

namespace Scoreboard.UnitTests.Diagnostics;

public sealed class LatencyWindowTests
{
    [Fact]
    public void The_p95_is_within_a_bucket_of_the_true_value_and_the_window_starts_afresh()
    {
        var window = new LatencyWindow();
        for (var i = 1; i <= 100; i++)
        {
            window.Record(i / 1000.0);
        }

        var p95 = window.TakeP95Milliseconds();
        Assert.InRange(p95!.Value, 95, 95 * 1.1);
        Assert.Null(window.TakeP95Milliseconds());
    }

    [Fact]
    public void Values_outside_the_range_land_in_the_end_buckets()
    {
        Assert.Equal(0, LatencyWindow.Bucket(0));
        Assert.Equal(0, LatencyWindow.Bucket(double.NaN));
        Assert.Equal(LatencyWindow.Bucket(1e9), LatencyWindow.Bucket(1e12));
    }
}
