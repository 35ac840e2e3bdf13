namespace Scoreboard.IntegrationTests.Distributed.History;

/// <summary>The checker on hand-made histories: it accepts a correct one and rejects each kind of broken one.</summary>
public sealed class HistoryCheckerTests
{
    private const long Points = 10;

    private static readonly Attempt AckA = new("a1", "alice", Outcome.Ok, "200", true, Points);
    private static readonly Attempt UnknownA = new("a2", "alice", Outcome.Unknown, "timeout");
    private static readonly Attempt RetriedA = new("a2", "alice", Outcome.Ok, "200", false, 0);
    private static readonly Attempt RefusedB = new("b1", "bob", Outcome.Refused, "503 nothing was applied");
    private static readonly Attempt LostB = new("b2", "bob", Outcome.Unknown, "timeout");

    [Fact]
    public void A_correct_history_with_every_outcome_passes()
    {
        Assert.Empty(HistoryChecker.Check(Correct()));
    }

    [Fact]
    public void An_acknowledged_credit_missing_from_the_ledger_is_rejected()
    {
        var facts = Correct() with { Ledger = [new("a2", "alice", Points)], Totals = [new("alice", 10, 10)] };
        Assert.Contains(HistoryChecker.Check(facts), p => p.Contains("acknowledged credit a1 is in the ledger 0 times", StringComparison.Ordinal));
    }

    [Fact]
    public void An_acknowledged_credit_counted_twice_is_rejected()
    {
        var facts = Correct() with { Ledger = [.. Correct().Ledger, new("a1", "alice", Points)], Totals = [new("alice", 30, 30)] };
        var problems = HistoryChecker.Check(facts);
        Assert.Contains(problems, p => p.Contains("acknowledged credit a1 is in the ledger 2 times", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("outside [20, 20]", StringComparison.Ordinal));
    }

    [Fact]
    public void A_refused_credit_in_the_ledger_is_rejected()
    {
        var facts = Correct() with { Ledger = [.. Correct().Ledger, new("b1", "bob", Points)], Totals = [new("alice", 20, 20), new("bob", 10, 10)] };
        Assert.Contains(HistoryChecker.Check(facts), p => p.Contains("refused credit b1", StringComparison.Ordinal));
    }

    [Fact]
    public void An_unknown_credit_applied_twice_is_rejected()
    {
        var facts = Correct() with { Ledger = [.. Correct().Ledger, new("b2", "bob", Points), new("b2", "bob", Points)], Totals = [new("alice", 20, 20), new("bob", 20, 20)] };
        Assert.Contains(HistoryChecker.Check(facts), p => p.Contains("unknown credit b2 is in the ledger 2 times", StringComparison.Ordinal));
    }

    [Fact]
    public void A_credit_applied_to_another_user_or_with_other_points_is_rejected()
    {
        var facts = Correct() with { Ledger = [new("a1", "bob", Points), new("a2", "alice", 7)], Totals = [new("alice", 7, 7), new("bob", 10, 10)] };
        var problems = HistoryChecker.Check(facts);
        Assert.Contains(problems, p => p.Contains("a1, sent for alice, credited bob", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("a2 is in the ledger with 7 points", StringComparison.Ordinal));
    }

    [Fact]
    public void A_ledger_row_no_client_sent_is_rejected()
    {
        var facts = Correct() with { Ledger = [.. Correct().Ledger, new("ghost", "alice", Points)], Totals = [new("alice", 30, 30)] };
        Assert.Contains(HistoryChecker.Check(facts), p => p.Contains("the ledger holds ghost", StringComparison.Ordinal));
    }

    [Fact]
    public void A_total_that_differs_from_the_ledger_sum_is_rejected()
    {
        var facts = Correct() with { Totals = [new("alice", 25, 20)] };
        Assert.Contains(HistoryChecker.Check(facts), p => p.Contains("alice's total is 25 but the ledger sums to 20", StringComparison.Ordinal));
    }

    [Fact]
    public void Two_attempts_told_applied_is_rejected()
    {
        var facts = Correct() with { Attempts = [.. Correct().Attempts, AckA] };
        Assert.Contains(HistoryChecker.Check(facts), p => p.Contains("2 attempts of a1 were told applied:true", StringComparison.Ordinal));
    }

    [Fact]
    public void An_index_that_differs_from_the_store_is_rejected()
    {
        var facts = Correct() with { IndexRanking = ["alice:20:2", "bob:0:9"] };
        Assert.Contains(HistoryChecker.Check(facts), p => p.Contains("at rank 2 the store has nothing, the index bob:0:9", StringComparison.Ordinal));
    }

    [Fact]
    public void A_live_client_on_a_stale_board_or_without_one_is_rejected()
    {
        var facts = Correct() with { LiveBoards = [[new("alice", 10)], null] };
        var problems = HistoryChecker.Check(facts);
        Assert.Contains(problems, p => p.Contains("live client 0 shows [alice:10] but the store's top is [alice:20]", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("live client 1 never received a board", StringComparison.Ordinal));
    }

    // alice: a1 acknowledged, a2 unknown then acknowledged by its retry; bob: b1 refused, b2 unknown and never applied.
    private static HistoryFacts Correct() => new(
        [AckA, UnknownA, RetriedA, RefusedB, LostB],
        Points,
        [new("a1", "alice", Points), new("a2", "alice", Points)],
        [new("alice", 20, 20)],
        ["alice:20:2"],
        ["alice:20:2"],
        [[new("alice", 20)], [new("alice", 20)]],
        [new("alice", 20)]);
}
