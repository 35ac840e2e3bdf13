using Microsoft.Extensions.Options;
using Scoreboard.Reads;

namespace Scoreboard.UnitTests.Live;

public sealed class ReadCacheTests
{
    [Fact]
    public void The_cache_stays_within_its_byte_bound_and_keeps_the_entries_read_last()
    {
        var clock = new SteppedClock();
        var cache = new ReadCache(Options.Create(new ReadOptions { CacheBytes = 64 * 1024, MaxAgeMs = 60_000 }), clock);
        var hot = new ReadKey("global", "all", ReadShape.Seed004Top, 10);
        cache.Store(hot, Entry(cache, clock, "global"));
        for (var limit = 1; limit <= 100; limit++)
        {
            clock.Step();
            Assert.NotNull(cache.Find(hot));
            cache.Store(new ReadKey("levels", "all", ReadShape.Seed002Leaderboard, limit), Entry(cache, clock, "levels"));
            Assert.InRange(cache.Bytes, 0, 64 * 1024);
        }

        Assert.NotNull(cache.Find(hot));
        Assert.Null(cache.Find(new ReadKey("levels", "all", ReadShape.Seed002Leaderboard, 1)));
    }

    [Fact]
    public void A_change_on_a_board_or_the_age_limit_ends_an_entry_and_other_boards_keep_theirs()
    {
        var clock = new SteppedClock();
        var cache = new ReadCache(Options.Create(new ReadOptions { MaxAgeMs = 1000 }), clock);
        var (global, levels) = (new ReadKey("global", "all", ReadShape.Seed001Leaderboard, 10), new ReadKey("levels", "all", ReadShape.Seed001Leaderboard, 10));
        cache.Store(global, Entry(cache, clock, "global"));
        cache.Store(levels, Entry(cache, clock, "levels"));

        cache.Changed(5, global: false, ["levels"]);
        Assert.Null(cache.Find(levels));
        Assert.NotNull(cache.Find(global));
        Assert.Equal(5, cache.Sequence);

        clock.Step(TimeSpan.FromMilliseconds(1001));
        Assert.Null(cache.Find(global));
    }

    private static CachedReply Entry(ReadCache cache, TimeProvider clock, string board) =>
        new(new byte[4000], "\"tag\"", cache.Generation(board), clock.GetUtcNow().UtcTicks);

    private sealed class SteppedClock : TimeProvider
    {
        private DateTimeOffset _now = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);

        public void Step(TimeSpan? by = null) => _now += by ?? TimeSpan.FromMilliseconds(1);

        public override DateTimeOffset GetUtcNow() => _now;
    }
}
