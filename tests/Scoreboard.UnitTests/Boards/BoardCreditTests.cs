using Scoreboard.Scoring;
using Scoreboard.Scoring.Boards;

namespace Scoreboard.UnitTests.Boards;

public sealed class BoardCreditTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);

    private static BoardDefinition Board(string id, BoardOperator op = BoardOperator.Incr, BoardOrder order = BoardOrder.Desc, params string[] types) =>
        new(id, id, types.Length == 0 ? ["*"] : types, op, order);

    private static Credit Credit(string type = "LAP", long points = 10, string scope = "key:timing") =>
        new("u1", "a-1", type, points, "seed-004", "timing") { Scope = scope };

    private static BoardStanding Held(BoardDefinition board, long score, long reachedAt) =>
        new(new BoardPeriod(board.Id, "all"), "u1", score, reachedAt, 1, Now.AddMinutes(-1));

    private static CreditDecision Decide(BoardDefinition board, BoardStanding? held, long points, long eventId = 9) =>
        BoardCredit.Decide("u1", points, eventId, Now, [new CountingBoard(board, PeriodWindow.All)], _ => held);

    [Fact]
    public void Incr_sums_and_reaches_the_new_total_with_the_credit()
    {
        var board = Board("sum");
        var decision = Decide(board, Held(board, 30, 4), 10);
        Assert.Equal((40, 9, 2), (decision.Next[0].Score, decision.Next[0].ReachedAt, decision.Next[0].Count));
        Assert.Single(decision.Changed);
    }

    [Fact]
    public void Best_on_desc_keeps_the_higher_value_and_its_earlier_reach()
    {
        var board = Board("best", BoardOperator.Best);
        var lower = Decide(board, Held(board, 50, 4), 30);
        Assert.Equal((50, 4, 2), (lower.Next[0].Score, lower.Next[0].ReachedAt, lower.Next[0].Count));
        Assert.Empty(lower.Changed);
        var higher = Decide(board, Held(board, 50, 4), 70);
        Assert.Equal((70, 9), (higher.Next[0].Score, higher.Next[0].ReachedAt));
    }

    [Fact]
    public void Best_on_asc_keeps_the_lower_value()
    {
        var board = Board("fastest", BoardOperator.Best, BoardOrder.Asc);
        Assert.Equal(50, Decide(board, Held(board, 50, 4), 70).Next[0].Score);
        Assert.Equal((30, 9), (Decide(board, Held(board, 50, 4), 30).Next[0].Score, Decide(board, Held(board, 50, 4), 30).Next[0].ReachedAt));
    }

    [Fact]
    public void Reaching_the_same_value_again_keeps_the_first_reach()
    {
        var latest = Board("latest", BoardOperator.Latest);
        var same = Decide(latest, Held(latest, 50, 4), 50);
        Assert.Equal((50, 4), (same.Next[0].Score, same.Next[0].ReachedAt));
        Assert.Empty(same.Changed);
        var best = Board("best", BoardOperator.Best);
        Assert.Equal(4, Decide(best, Held(best, 50, 4), 50).Next[0].ReachedAt);
    }

    [Fact]
    public void Latest_takes_the_last_credit_even_when_lower()
    {
        var board = Board("latest", BoardOperator.Latest);
        Assert.Equal((20, 9), (Decide(board, Held(board, 50, 4), 20).Next[0].Score, Decide(board, Held(board, 50, 4), 20).Next[0].ReachedAt));
    }

    [Fact]
    public void A_credit_that_would_pass_the_limit_on_any_board_moves_none()
    {
        var best = Board("best", BoardOperator.Best);
        var sum = Board("sum");
        var decision = BoardCredit.Decide("u1", 10, 9, Now, [new(best, PeriodWindow.All), new(sum, PeriodWindow.All)],
            b => b.BoardId == "sum" ? Held(sum, ScoreLimits.MaxScore - 5, 1) : null);
        Assert.True(decision.WouldOverflow);
        Assert.Empty(decision.Next);
    }

    [Fact]
    public void Asc_boards_count_only_service_key_credits()
    {
        var board = Board("fastest", BoardOperator.Best, BoardOrder.Asc);
        Assert.True(BoardCredit.Counts(board, Credit(), new HashSet<string>(), Now));
        Assert.False(BoardCredit.Counts(board, Credit(scope: CallerScopes.User("u1")), new HashSet<string>(), Now));
        Assert.False(BoardCredit.Counts(board, Credit(scope: CallerScopes.Server), new HashSet<string>(), Now));
    }

    [Fact]
    public void A_board_counts_only_credits_committed_from_its_creation_on()
    {
        var board = Board("new") with { CreatedAt = Now };
        Assert.True(BoardCredit.Counts(board, Credit(), new HashSet<string>(), Now));
        Assert.False(BoardCredit.Counts(board, Credit(), new HashSet<string>(), Now.AddMilliseconds(-1)));
    }

    [Fact]
    public void A_board_counts_its_action_types_only()
    {
        var laps = Board("laps", types: "LAP");
        Assert.True(BoardCredit.Counts(laps, Credit("LAP"), new HashSet<string>(), Now));
        Assert.False(BoardCredit.Counts(laps, Credit("LEVEL_UP"), new HashSet<string>(), Now));
    }

    [Fact]
    public void Global_counts_every_type_but_those_marked_off_it()
    {
        var notOnGlobal = new HashSet<string> { "LAP" };
        Assert.False(BoardCredit.Counts(BoardDefinition.Global, Credit("LAP"), notOnGlobal, Now));
        Assert.True(BoardCredit.Counts(BoardDefinition.Global, Credit("LEVEL_UP", scope: CallerScopes.User("u1")), notOnGlobal, Now));
        var boards = new BoardSet([Board("laps", types: "LAP")], new Dictionary<string, IReadOnlyList<Season>>(), notOnGlobal);
        Assert.Equal(["laps"], BoardCredit.CountingBoards(Credit("LAP"), boards, Now).Select(b => b.Board.Id));
    }
}
