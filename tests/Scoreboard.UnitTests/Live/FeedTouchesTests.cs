using Scoreboard.Live;
using Scoreboard.Ranking;
using Scoreboard.Scoring;

namespace Scoreboard.UnitTests.Live;

/// <summary>Which watched boards one coalescing window must recompute.</summary>
public sealed class FeedTouchesTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);

    private static BoardState Shown(params string[] users)
    {
        var top = users.Select((u, i) => new RankedStanding(i + 1, new Standing(u, null, 100 - i, 1, Now))).ToList();
        return BoardFrames.Build(5, 4, Now, top, top);
    }

    [Fact]
    public void A_change_naming_no_standing_recomputes_every_view()
    {
        // The distributed index announces a rebuild from the store this way: what it restored was never named.
        var touches = new FeedTouches();
        touches.Add(new BoardChange(9, []));

        Assert.False(touches.IsEmpty);
        Assert.True(touches.Moves("global", "all", Shown("alice")));
        Assert.True(touches.Moves("levels", "all", Shown("bob")));
    }

    [Fact]
    public void A_change_of_one_user_recomputes_only_views_it_touches()
    {
        var touches = new FeedTouches();
        touches.Add(new BoardChange(9, [new Standing("carol", null, 50, 2, Now)]));

        Assert.True(touches.Moves("global", "all", Shown("alice")));
        Assert.False(touches.Moves("levels", "all", Shown("bob")));
        Assert.True(touches.Moves("levels", "all", Shown("carol")));
    }
}
