using Scoreboard.Ranking;
using Scoreboard.Scoring;
using Scoreboard.Scoring.Boards;

namespace Scoreboard.UnitTests.Boards;

public sealed class BoardRankIndexTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);
    private static readonly BoardDefinition Daily = new("daily", "Daily", ["*"], Period: "daily", KeepPeriods: 1);
    private static readonly BoardDefinition Fastest = new("fastest", "Fastest", ["LAP"], BoardOperator.Best, BoardOrder.Asc);

    private static BoardSet Boards(params BoardDefinition[] boards) =>
        new(boards, new Dictionary<string, IReadOnlyList<Season>>(), new HashSet<string>());

    private static Standing At(string user, long score, long reachedAt) => new(user, null, score, reachedAt, Now);

    [Fact]
    public async Task Pruning_drops_periods_ended_beyond_keep_periods_and_boards_that_are_gone()
    {
        var index = new BoardRankIndex();
        var boards = Boards(Daily, Fastest);
        await index.ApplyAsync(
            [At("a", 1, 1), At("a", 2, 2), At("a", 3, 3), At("b", 4, 4)],
            [new("daily", "2026-11-30"), new("daily", "2026-11-29"), new("daily", "2026-11-20"), new("fastest", "all")], boards, default);

        Assert.Equal(1, index.Prune(boards, Now));
        Assert.Equal(0, await index.CountAsync(Daily, "2026-11-20", default));
        Assert.Equal((1L, 1L), (await index.CountAsync(Daily, "2026-11-30", default), await index.CountAsync(Daily, "2026-11-29", default)));

        Assert.Equal(2, index.Prune(Boards(Fastest), Now));
        Assert.Equal(1, await index.CountAsync(Fastest, "all", default));
    }

    [Fact]
    public async Task An_asc_board_ranks_the_lowest_first_and_ties_by_earlier_reach()
    {
        var index = new BoardRankIndex();
        var all = new BoardPeriod("fastest", "all");
        await index.ApplyAsync([At("slow", 90, 1), At("late", 80, 3), At("early", 80, 2)], [all, all, all], Boards(Fastest), default);

        var top = await index.TopAsync(Fastest, "all", 0, 10, default);
        Assert.Equal(["early", "late", "slow"], top.Select(r => r.Standing.UserId));
        await index.RemoveUserAsync("early", default);
        Assert.Equal(1, (await index.FindAsync(Fastest, "all", "late", default))!.Value.Rank);
    }
}
