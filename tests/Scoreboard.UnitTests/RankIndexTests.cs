using Scoreboard.Ranking;
using Scoreboard.Scoring;

namespace Scoreboard.UnitTests;

public sealed class RankIndexTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task Index_agrees_with_a_naive_sort_after_random_credits_with_many_ties(int seed)
    {
        var random = new Random(seed);
        var index = new InProcessRankIndex();
        var truth = new Dictionary<string, Standing>();
        long ledgerId = 0;

        for (var step = 0; step < 5_000; step++)
        {
            // Few users and tiny point values make equal scores, and so the tie rule, common.
            var user = $"user_{random.Next(300)}";
            var before = truth.TryGetValue(user, out var current) ? current.Score : 0;
            var standing = new Standing(user, null, before + random.Next(1, 4), ++ledgerId, DateTimeOffset.UnixEpoch);
            truth[user] = standing;
            await index.ApplyAsync([standing], None);

            if (step % 500 == 0)
            {
                await AssertMatchesAsync(index, truth, random);
            }
        }

        await AssertMatchesAsync(index, truth, random);
    }

    [Fact]
    public async Task Rebuild_from_the_store_gives_the_same_board_as_incremental_updates()
    {
        var random = new Random(7);
        var incremental = new InProcessRankIndex();
        var truth = new Dictionary<string, Standing>();
        for (var i = 1; i <= 2_000; i++)
        {
            var user = $"u{random.Next(500)}";
            var score = (truth.TryGetValue(user, out var s) ? s.Score : 0) + random.Next(1, 20);
            truth[user] = new Standing(user, null, score, i, DateTimeOffset.UnixEpoch);
            await incremental.ApplyAsync([truth[user]], None);
        }

        var rebuilt = new InProcessRankIndex();
        await rebuilt.RebuildAsync(truth.Values.ToAsyncEnumerable(), None);

        Assert.Equal(
            (await incremental.TopAsync(0, 1_000, None)).Select(r => (r.Rank, r.Standing.UserId)),
            (await rebuilt.TopAsync(0, 1_000, None)).Select(r => (r.Rank, r.Standing.UserId)));
    }

    [Fact]
    public async Task An_older_standing_arriving_late_does_not_move_the_user_back()
    {
        var index = new InProcessRankIndex();
        await index.ApplyAsync([new Standing("u", null, 30, 5, DateTimeOffset.UnixEpoch)], None);
        await index.ApplyAsync([new Standing("u", null, 20, 4, DateTimeOffset.UnixEpoch)], None);

        var found = await index.FindAsync("u", None);
        Assert.Equal(30, found!.Value.Standing.Score);
        Assert.Equal(1, await index.CountAsync(None));
    }

    [Fact]
    public async Task Around_a_user_near_the_top_is_clipped_at_rank_one()
    {
        var index = new InProcessRankIndex();
        for (var i = 1; i <= 10; i++)
        {
            await index.ApplyAsync([new Standing($"u{i}", null, 100 - i, i, DateTimeOffset.UnixEpoch)], None);
        }

        var window = await index.AroundAsync("u2", 3, None);

        Assert.Equal(["u1", "u2", "u3", "u4", "u5"], window.Select(r => r.Standing.UserId));
        Assert.Equal([1L, 2, 3, 4, 5], window.Select(r => r.Rank));
        Assert.Empty(await index.AroundAsync("nobody", 3, None));
    }

    private static async Task AssertMatchesAsync(InProcessRankIndex index, Dictionary<string, Standing> truth, Random random)
    {
        var expected = truth.Values.Order(TieRule.Instance).ToList();
        Assert.Equal(expected.Count, await index.CountAsync(None));

        var top = await index.TopAsync(0, 10, None);
        Assert.Equal(expected.Take(10).Select(s => s.UserId), top.Select(r => r.Standing.UserId));

        var offset = random.Next(expected.Count);
        var page = await index.TopAsync(offset, 25, None);
        Assert.Equal(expected.Skip(offset).Take(25).Select(s => s.UserId), page.Select(r => r.Standing.UserId));
        Assert.Equal(Enumerable.Range(offset + 1, page.Count).Select(i => (long)i), page.Select(r => r.Rank));

        foreach (var user in truth.Keys.OrderBy(_ => random.Next()).Take(20))
        {
            var found = await index.FindAsync(user, None);
            Assert.Equal(expected.FindIndex(s => s.UserId == user) + 1, found!.Value.Rank);

            var around = await index.AroundAsync(user, 2, None);
            var at = expected.FindIndex(s => s.UserId == user);
            var from = Math.Max(0, at - 2);
            Assert.Equal(expected.Skip(from).Take(at - from + 3).Select(s => s.UserId), around.Select(r => r.Standing.UserId));
        }
    }
}
