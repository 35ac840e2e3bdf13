using Scoreboard.Scoring.Boards;

namespace Scoreboard.UnitTests.Boards;

/// <summary>What the credit path pays for periods: nothing allocated within a period, and a bounded rule cache.</summary>
public sealed class PeriodCostTests
{
    [Theory]
    [InlineData("daily")]
    [InlineData("weekly")]
    [InlineData("monthly")]
    [InlineData("cron:*/30 * * * * *")]
    public void Finding_the_period_of_a_credit_within_the_same_period_allocates_nothing(string period)
    {
        var board = PeriodSamples.Board(period, "Europe/Berlin");
        var start = new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);
        var first = BoardPeriods.At(board, start, []);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1_000; i++)
        {
            Assert.Same(first, BoardPeriods.At(board, start.AddMilliseconds(i), []));
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void The_compiled_rule_cache_stays_bounded_under_many_distinct_definitions()
    {
        for (var i = 0; i < 1_500; i++)
        {
            var board = PeriodSamples.Board($"cron:{i % 60} {i / 60 % 24} * * *", i % 2 == 0 ? "UTC" : "Europe/Berlin");
            Assert.NotNull(BoardPeriods.At(board, DateTimeOffset.UnixEpoch.AddDays(20_000), []));
            Assert.InRange(PeriodRules.CachedRules, 1, 1_000);
        }
    }
}
