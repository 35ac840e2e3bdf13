using Scoreboard.IntegrationTests.Infrastructure;
using Scoreboard.Ranking;
using Scoreboard.Ranking.Redis;
using Scoreboard.Scoring;
using StackExchange.Redis;

namespace Scoreboard.IntegrationTests.Distributed;

/// <summary>The Redis index against the in-process one, on a real redis-server: same order, bit for bit, over the whole score range.</summary>
[Trait("Backend", "distributed")]
public sealed class RedisRankIndexTests : IAsyncLifetime
{
    private static readonly long[] EdgeScores = [0, 1, 2, 10, ScoreLimits.MaxScore, ScoreLimits.MaxScore - 1, ScoreLimits.MaxScore - 2, (1L << 52) + 1, 1L << 52, (1L << 31) - 1];
    private const string IdChars = "aAbBzZ09_-.:@";

    private IConnectionMultiplexer _redis = null!;

    public async Task InitializeAsync() => _redis = await ConnectionMultiplexer.ConnectAsync((await DistributedBackend.RedisAsync()).ConnectionString);

    public async Task DisposeAsync() => await _redis.DisposeAsync();

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public async Task Redis_index_ranks_exactly_as_the_in_process_index(int seed)
    {
        var random = new Random(seed);
        var redis = new RedisRankIndex(_redis, new RedisKeys(Json.NewId("prop")));
        var local = new InProcessRankIndex();
        var users = Enumerable.Range(0, 300).Select(_ => RandomId(random)).Distinct().ToArray();
        var history = new Dictionary<string, List<Standing>>();
        long nextReach = 1;

        for (var round = 0; round < 20; round++)
        {
            var batch = new List<Standing>();
            for (var i = 0; i < 40; i++)
            {
                var user = users[random.Next(users.Length)];
                var past = history.TryGetValue(user, out var list) ? list : history[user] = [];
                if (past.Count > 0 && random.Next(4) == 0)
                {
                    // A replay or a late, older delivery: must change nothing.
                    batch.Add(past[random.Next(past.Count)]);
                    continue;
                }

                // Reach ids jump so that equal scores meet both close and far apart ids.
                nextReach += random.Next(3) == 0 ? random.NextInt64(1, 1_000_000_000_000) : 1;
                var score = random.Next(3) == 0 ? EdgeScores[random.Next(EdgeScores.Length)] : random.Next(0, 5) * 10;
                var standing = new Standing(user, random.Next(2) == 0 ? null : $"Name {user}|x", score, nextReach,
                    DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000 + nextReach % 1_000_000));
                past.Add(standing);
                batch.Add(standing);
            }

            await redis.ApplyAsync(batch, default);
            await local.ApplyAsync(batch, default);
            await AssertSameAsync(local, redis, users, random, $"seed {seed}, round {round}");
        }
    }

    [Fact]
    public async Task Equal_scores_rank_by_earlier_reach_then_user_id_at_the_top_of_the_range()
    {
        var redis = new RedisRankIndex(_redis, new RedisKeys(Json.NewId("ties")));
        var max = ScoreLimits.MaxScore;
        await redis.ApplyAsync(
        [
            new Standing("b", null, max, 7, DateTimeOffset.UnixEpoch),
            new Standing("a", null, max, 9, DateTimeOffset.UnixEpoch),
            new Standing("c", null, max - 1, 1, DateTimeOffset.UnixEpoch),
            new Standing("d", null, max, 7_000_000_000_000, DateTimeOffset.UnixEpoch),
        ], default);

        var top = await redis.TopAsync(0, 10, default);

        Assert.Equal(["b", "a", "d", "c"], top.Select(r => r.Standing.UserId));
        Assert.Equal([1L, 2, 3, 4], top.Select(r => r.Rank));
        Assert.Equal(max, top[0].Standing.Score);
    }

    [Fact]
    public async Task An_older_standing_never_moves_a_user_back()
    {
        var redis = new RedisRankIndex(_redis, new RedisKeys(Json.NewId("stale")));
        var newer = new Standing("u", "New", 50, 20, DateTimeOffset.UnixEpoch);
        await redis.ApplyAsync([newer], default);

        await redis.ApplyAsync([new Standing("u", "Old", 30, 10, DateTimeOffset.UnixEpoch)], default);

        Assert.Equal(newer, (await redis.FindAsync("u", default))?.Standing);
        Assert.Equal(1, await redis.CountAsync(default));
    }

    private static async Task AssertSameAsync(InProcessRankIndex expected, RedisRankIndex actual, string[] users, Random random, string where)
    {
        Assert.Equal(await expected.CountAsync(default), await actual.CountAsync(default));
        Assert.Equal(await expected.TopAsync(0, 1_000, default), await actual.TopAsync(0, 1_000, default));
        var offset = random.Next(0, 50);
        Assert.Equal(await expected.TopAsync(offset, 7, default), await actual.TopAsync(offset, 7, default));
        foreach (var user in users.Take(30))
        {
            Assert.True(Equals(await expected.FindAsync(user, default), await actual.FindAsync(user, default)), $"{where}: rank of {user}");
            Assert.Equal(await expected.AroundAsync(user, 2, default), await actual.AroundAsync(user, 2, default));
        }
    }

    private static string RandomId(Random random)
    {
        // Short ids over a small alphabet: many share prefixes ("a" < "a0" < "aA"), the case ordinal order must get right.
        var length = random.Next(1, 4);
        return string.Create(length, random, (span, r) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = IdChars[r.Next(IdChars.Length)];
            }
        });
    }
}
