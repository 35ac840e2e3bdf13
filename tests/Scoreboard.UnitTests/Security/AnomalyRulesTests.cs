using Scoreboard.Security.AntiCheat;

namespace Scoreboard.UnitTests.Security;

public sealed class AnomalyRulesTests
{
    private static readonly AnomalyOptions Options = new() { MinPoints = 500, GrowthFactor = 10, ZScore = 3, MinPopulation = 10, RegularCount = 5, RegularMaxVariation = 0.01 };

    // The growth check would also fire on these numbers; a high floor leaves only the z-score to decide.
    private static readonly AnomalyOptions NoGrowthFloor = new() { MinPoints = 1_000_000, GrowthFactor = 10, ZScore = 3, MinPopulation = 10, RegularCount = 5, RegularMaxVariation = 0.01 };

    [Fact]
    public void Gain_ten_times_the_others_average_is_flagged_as_growth()
    {
        var found = AnomalyRules.Check(1_000, [50, 100, 150], [], Options).ToList();

        Assert.Contains(found, a => a.Reason == AnomalyRules.GrowthRate);
    }

    [Fact]
    public void Large_gain_in_line_with_everyone_else_is_not_flagged()
    {
        Assert.Empty(AnomalyRules.Check(1_000, [900, 1_100, 950], [], Options));
    }

    [Fact]
    public void Gain_below_the_floor_is_not_flagged_even_on_a_quiet_board()
    {
        Assert.Empty(AnomalyRules.Check(400, [], [], Options));
    }

    [Fact]
    public void Outlier_among_enough_users_is_flagged_by_z_score()
    {
        long[] others = [10, 12, 9, 11, 10, 13, 8, 10, 12, 11];

        var found = AnomalyRules.Check(300, others, [], NoGrowthFloor).ToList();

        Assert.Contains(found, a => a.Reason == AnomalyRules.Outlier && a.Details["zScore"] >= 3);
    }

    [Fact]
    public void Z_score_needs_the_minimum_population()
    {
        Assert.Null(AnomalyRules.Check(300, [10, 12], [], NoGrowthFloor).FirstOrDefault(a => a.Reason == AnomalyRules.Outlier));
    }

    [Fact]
    public void Perfectly_regular_intervals_are_flagged_and_human_ones_are_not()
    {
        long[] bot = [0, 1_000, 2_000, 3_000, 4_000, 5_000];
        long[] human = [0, 900, 2_300, 2_900, 4_400, 5_000];

        Assert.Equal(0, AnomalyRules.IntervalVariation(bot, 5));
        Assert.Contains(AnomalyRules.Check(10, [], bot, Options), a => a.Reason == AnomalyRules.RegularIntervals);
        Assert.DoesNotContain(AnomalyRules.Check(10, [], human, Options), a => a.Reason == AnomalyRules.RegularIntervals);
        Assert.Null(AnomalyRules.IntervalVariation(bot[..5], 5));
    }
}
