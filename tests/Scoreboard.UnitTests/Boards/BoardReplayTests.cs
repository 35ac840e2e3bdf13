using Scoreboard.Scoring.Boards;

namespace Scoreboard.UnitTests.Boards;

public sealed class BoardReplayTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);

    private static BoardSet Boards(params BoardDefinition[] boards) =>
        new(boards, new Dictionary<string, IReadOnlyList<Season>>(), new HashSet<string>());

    private static LedgerCredit Credit(long id, long points, string type = "LAP", int minutes = 0) =>
        new(id, "key:timing", type, points, Now.AddMinutes(minutes));

    [Fact]
    public void A_best_board_keeps_the_best_of_the_credits_left_not_the_best_ever()
    {
        var best = new BoardDefinition("best", "Best", ["LAP"], BoardOperator.Best);
        var standing = Assert.Single(BoardReplay.Standings("u1", [Credit(1, 40), Credit(3, 25)], Boards(best)));
        Assert.Equal((40, 1, 2), (standing.Score, standing.ReachedAt, standing.Count));
    }

    [Fact]
    public void A_summed_board_adds_only_the_types_it_counts_and_global_is_left_to_the_totals()
    {
        var laps = new BoardDefinition("laps", "Laps", ["LAP"]);
        var standings = BoardReplay.Standings("u1", [Credit(1, 10), Credit(2, 99, "OTHER"), Credit(4, 5)], Boards(laps));
        var standing = Assert.Single(standings);
        Assert.Equal(("laps", 15L, 4L), (standing.Board.BoardId, standing.Score, standing.ReachedAt));
    }

    [Fact]
    public void A_credit_before_the_board_existed_is_not_counted_again()
    {
        var later = new BoardDefinition("later", "Later", ["*"]) { CreatedAt = Now.AddMinutes(5) };
        var standing = Assert.Single(BoardReplay.Standings("u1", [Credit(1, 10), Credit(2, 7, minutes: 10)], Boards(later)));
        Assert.Equal(7, standing.Score);
    }

    [Fact]
    public void No_credit_left_leaves_no_standing()
    {
        Assert.Empty(BoardReplay.Standings("u1", [], Boards(new BoardDefinition("laps", "Laps", ["LAP"]))));
    }
}
