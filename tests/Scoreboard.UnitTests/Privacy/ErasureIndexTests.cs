using Scoreboard.Live;
using Scoreboard.Ranking;
using Scoreboard.Scoring;

namespace Scoreboard.UnitTests.Privacy;

/// <summary>The in-process pieces an erasure moves: the rank index loses the user, and the bus numbers its change anew.</summary>
public sealed class ErasureIndexTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task A_removed_user_is_off_the_index_and_everyone_below_moves_up()
    {
        var index = new InProcessRankIndex();
        await index.ApplyAsync([Standing("a", 30, 1), Standing("b", 20, 2), Standing("c", 10, 3)], None);

        await index.RemoveUserAsync("a", None);
        await index.RemoveUserAsync("nobody", None);

        Assert.Null(await index.FindAsync("a", None));
        Assert.Equal(2, await index.CountAsync(None));
        Assert.Equal([(1L, "b"), (2L, "c")], (await index.TopAsync(0, 10, None)).Select(r => (r.Rank, r.Standing.UserId)));
        Assert.Empty(await index.AroundAsync("a", 2, None));
    }

    [Fact]
    public async Task A_change_without_a_new_ledger_event_still_gets_a_new_sequence_and_later_credits_keep_theirs()
    {
        var bus = new InProcessBoardBus();

        await bus.PublishAsync([Standing("a", 30, 41)], [], None);
        await bus.PublishAsync([Standing("erased", 0, 0)], [], None);
        await bus.PublishAsync([Standing("b", 20, 57)], [], None);

        var sequences = new List<long>();
        while (bus.Changes.TryRead(out var change))
        {
            sequences.Add(change.Sequence);
        }

        Assert.Equal([41L, 42L, 57L], sequences);
    }

    private static Standing Standing(string user, long score, long reachedAt) => new(user, null, score, reachedAt, DateTimeOffset.UnixEpoch);
}
