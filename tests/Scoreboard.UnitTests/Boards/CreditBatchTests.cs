using Scoreboard.Scoring;
using Scoreboard.Scoring.Boards;

namespace Scoreboard.UnitTests.Boards;

public sealed class CreditBatchTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);
    private static readonly BoardDefinition Best = new("best", "Best", ["*"], BoardOperator.Best);
    private static readonly BoardSet Boards = new([Best], new Dictionary<string, IReadOnlyList<Season>>(), new HashSet<string>());

    private static Credit Credit(string user, string action, long points) => new(user, action, "LEVEL_UP", points, "seed-004", "k") { Scope = "key:k" };

    private static BatchRead Empty(params long[] ids) => new(
        new Dictionary<(string, string), StoredCredit>(), new Dictionary<string, string?>(), new Dictionary<(BoardPeriod, string), BoardStanding>(), ids);

    [Fact]
    public void A_credit_sees_the_standings_the_credits_before_it_in_the_batch_left()
    {
        var plan = CreditBatch.Decide([Credit("u1", "a", 30), Credit("u1", "b", 20)], Boards, Now, Empty(5, 6));
        Assert.Equal([(5L, 0L, 30L), (6L, 30L, 50L)], plan.Events.Select(e => (e.Event.Id, e.Event.ScoreBefore, e.Event.ScoreAfter)));
        var best = plan.Standings.Single(s => s.Board.BoardId == "best");
        Assert.Equal((30, 5, 2), (best.Score, best.ReachedAt, best.Count));
        Assert.Equal(50, plan.Standings.Single(s => s.Board == BoardPeriod.Global).Score);
        Assert.DoesNotContain(plan.Outcomes[1].Boards, b => b.Board.BoardId == "best");
    }

    [Fact]
    public void The_same_action_id_twice_in_a_batch_is_applied_once()
    {
        var plan = CreditBatch.Decide([Credit("u1", "a", 30), Credit("u1", "a", 30)], Boards, Now, Empty(5, 6));
        Assert.Single(plan.Events);
        Assert.Equal(CreditStatus.Duplicate, plan.Outcomes[1].Status);
        Assert.Equal(5, plan.Outcomes[1].Event!.Id);
        Assert.Equal(30, plan.Outcomes[1].Standing!.Score);
    }

    [Fact]
    public void An_action_id_already_in_the_ledger_writes_nothing()
    {
        var original = new ScoreEvent(3, "a", "u1", "LEVEL_UP", 30, 0, 30, null, "seed-004", "k", null, null, null, Now);
        var read = Empty(5) with
        {
            Duplicates = new Dictionary<(string, string), StoredCredit> { [("key:k", "a")] = new(original, new Standing("u1", null, 30, 3, Now)) },
        };
        var plan = CreditBatch.Decide([Credit("u1", "a", 30)], Boards, Now, read);
        Assert.Empty(plan.Events);
        Assert.Empty(plan.Standings);
        Assert.Equal((CreditStatus.Duplicate, 3L), (plan.Outcomes[0].Status, plan.Outcomes[0].Event!.Id));
    }

    [Fact]
    public void Metadata_is_one_per_user_and_the_last_write_wins()
    {
        var plan = CreditBatch.Decide(
            [Credit("u1", "a", 1) with { Metadata = """{"c":"DE"}""" }, Credit("u1", "b", 1) with { Metadata = """{"c":"FR"}""" }],
            Boards, Now, Empty(1, 2));
        Assert.Equal("""{"c":"FR"}""", plan.Metadata["u1"]);
    }
}
