using Scoreboard.Scoring;

namespace Scoreboard.UnitTests;

public sealed class TieRuleTests
{
    private static readonly DateTimeOffset At = DateTimeOffset.UnixEpoch;

    [Fact]
    public void Higher_score_ranks_first()
    {
        var high = new Standing("b", null, 20, 9, At);
        var low = new Standing("a", null, 10, 1, At);
        Assert.True(TieRule.Instance.Compare(high, low) < 0);
    }

    [Fact]
    public void Equal_scores_rank_whoever_reached_the_score_earlier_first()
    {
        var earlier = new Standing("z", null, 10, 3, At);
        var later = new Standing("a", null, 10, 4, At);
        Assert.True(TieRule.Instance.Compare(earlier, later) < 0);
    }

    [Fact]
    public void Equal_score_and_reach_fall_back_to_user_id_ordinal()
    {
        var upper = new Standing("B", null, 10, 3, At);
        var lower = new Standing("a", null, 10, 3, At);
        Assert.True(TieRule.Instance.Compare(upper, lower) < 0);
    }
}
