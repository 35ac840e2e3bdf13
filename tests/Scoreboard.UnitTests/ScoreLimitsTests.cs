using Scoreboard.Scoring;

namespace Scoreboard.UnitTests;

public sealed class ScoreLimitsTests
{
    [Fact]
    public void Maximum_is_the_largest_integer_a_double_holds_exactly()
    {
        Assert.Equal((1L << 53) - 1, ScoreLimits.MaxScore);
        Assert.Equal(ScoreLimits.MaxScore, (long)(double)ScoreLimits.MaxScore);
    }

    [Fact]
    public void Credit_reaching_the_maximum_exactly_is_allowed() =>
        Assert.True(ScoreLimits.CanAdd(ScoreLimits.MaxScore - 10, 10));

    [Fact]
    public void Credit_passing_the_maximum_is_refused_rather_than_wrapped()
    {
        Assert.False(ScoreLimits.CanAdd(ScoreLimits.MaxScore - 9, 10));
        Assert.False(ScoreLimits.CanAdd(ScoreLimits.MaxScore, 1));
        Assert.False(ScoreLimits.CanAdd(0, long.MaxValue));
    }

    [Fact]
    public void Non_positive_points_are_never_a_credit()
    {
        Assert.False(ScoreLimits.CanAdd(100, 0));
        Assert.False(ScoreLimits.CanAdd(100, -5));
    }
}
