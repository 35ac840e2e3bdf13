using Scoreboard.Scoring.Boards;
using static Scoreboard.UnitTests.Boards.PeriodSamples;

namespace Scoreboard.UnitTests.Boards;

/// <summary>
/// Properties of periods over random instants (seeded, so a failure repeats), for every tiled rule in zones with
/// every kind of clock change.
/// </summary>
public sealed class PeriodPropertyTests
{
    private const int Samples = 120;

    [Fact]
    public void Each_instant_lies_in_its_period_whose_bounds_are_utc_milliseconds()
    {
        ForEachSample((board, instant, window) =>
        {
            Assert.True(window.StartsAt <= instant && instant < window.EndsAt, $"{Describe(board, instant)}: {window}");
            foreach (var bound in new[] { window.StartsAt!.Value, window.EndsAt!.Value })
            {
                Assert.Equal(TimeSpan.Zero, bound.Offset);
                Assert.Equal(0, bound.UtcTicks % TimeSpan.TicksPerMillisecond);
            }
        });
    }

    [Fact]
    public void Consecutive_periods_tile_time_with_no_gap_or_overlap()
    {
        ForEachSample((board, instant, window) =>
        {
            var (next, before) = (AtOrFail(board, window.EndsAt!.Value), AtOrFail(board, window.StartsAt!.Value.AddMilliseconds(-1)));
            var context = $"{Describe(board, instant)}: {before} | {window} | {next}";
            Assert.True(window.EndsAt == next.StartsAt && before.EndsAt == window.StartsAt, context);
            Assert.Equal(window, AtOrFail(board, window.StartsAt!.Value));
            Assert.Equal(window, AtOrFail(board, window.EndsAt!.Value.AddMilliseconds(-1)));
        });
    }

    [Fact]
    public void A_key_resolves_to_the_same_window_while_current_and_after_it_ends()
    {
        ForEachSample((board, instant, window) =>
        {
            Assert.Equal((PeriodLookup.Found, window), BoardPeriods.Resolve(board, window.Key, instant, []));
            Assert.Equal((PeriodLookup.Found, window), BoardPeriods.Resolve(board, window.Key, window.EndsAt!.Value, []));
        });
    }

    [Fact]
    public void Previous_is_the_period_containing_the_millisecond_before_the_current_one()
    {
        ForEachSample((board, instant, window) =>
        {
            var before = AtOrFail(board, window.StartsAt!.Value.AddMilliseconds(-1));
            Assert.Equal((PeriodLookup.Found, before), BoardPeriods.Resolve(board, "previous", instant, []));
            Assert.Equal((PeriodLookup.Found, window), BoardPeriods.Resolve(board, "current", instant, []));
        });
    }

    [Fact]
    public void Daily_and_monthly_keys_sort_in_time_order()
    {
        var random = new Random(20261130);
        foreach (var board in SampleBoards().Where(b => b.Period is "daily" or "monthly"))
        {
            for (var i = 0; i < Samples; i++)
            {
                var (first, second) = (Instant(random, board.TimeZone), Instant(random, board.TimeZone));
                var (a, b) = (AtOrFail(board, first), AtOrFail(board, second));
                Assert.True(Math.Sign(string.CompareOrdinal(a.Key, b.Key)) == Math.Sign(a.StartsAt!.Value.CompareTo(b.StartsAt!.Value)),
                    $"{Describe(board, first)}: {a.Key} against {b.Key}");
            }
        }
    }

    [Fact]
    public void Recent_lists_the_current_and_kept_periods_newest_first_and_older_keys_are_pruned()
    {
        var random = new Random(7);
        foreach (var board in SampleBoards().Select(b => b with { KeepPeriods = 3 }))
        {
            var now = Instant(random, board.TimeZone);
            var recent = BoardPeriods.Recent(board, now, []);

            Assert.Equal(4, recent.Count);
            Assert.Equal(AtOrFail(board, now), recent[0]);
            for (var i = 1; i < recent.Count; i++)
            {
                Assert.Equal(recent[i - 1].StartsAt, recent[i].EndsAt);
                Assert.Equal((PeriodLookup.Found, recent[i]), BoardPeriods.Resolve(board, recent[i].Key, now, []));
            }

            var pruned = AtOrFail(board, recent[^1].StartsAt!.Value.AddMilliseconds(-1));
            Assert.Equal((PeriodLookup.NotFound, null), BoardPeriods.Resolve(board, pruned.Key, now, []));
            var next = AtOrFail(board, recent[0].EndsAt!.Value);
            Assert.Equal((PeriodLookup.NotFound, null), BoardPeriods.Resolve(board, next.Key, now, []));
        }
    }

    private static void ForEachSample(Action<BoardDefinition, DateTimeOffset, PeriodWindow> check)
    {
        var random = new Random(42);
        foreach (var board in SampleBoards())
        {
            for (var i = 0; i < Samples; i++)
            {
                var instant = Instant(random, board.TimeZone);
                check(board, instant, AtOrFail(board, instant));
            }
        }
    }
}
