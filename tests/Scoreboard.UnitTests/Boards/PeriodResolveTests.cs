using Scoreboard.Scoring.Boards;
using static Scoreboard.UnitTests.Boards.PeriodSamples;

namespace Scoreboard.UnitTests.Boards;

/// <summary>What a reader's <c>period</c> names: current, previous, a kept key, or a key that is malformed or not found.</summary>
public sealed class PeriodResolveTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("daily", "2026-13-01")]
    [InlineData("daily", "2026-02-29")]
    [InlineData("daily", "2026-1-05")]
    [InlineData("daily", " 2026-11-30")]
    [InlineData("daily", "2026-11-30 ")]
    [InlineData("daily", "２０２６-11-30")]
    [InlineData("daily", "2026-11")]
    [InlineData("daily", "2026-W48")]
    [InlineData("daily", "all")]
    [InlineData("daily", "Current")]
    [InlineData("monthly", "2026-13")]
    [InlineData("monthly", "2026-00")]
    [InlineData("monthly", "2026-11-30")]
    [InlineData("monthly", "0000-01")]
    [InlineData("weekly", "2026-W54")]
    [InlineData("weekly", "2025-W53")]
    [InlineData("weekly", "2026-W00")]
    [InlineData("weekly", "2026-w48")]
    [InlineData("weekly", "2026-W4")]
    [InlineData("weekly", "2026-11-30")]
    [InlineData("cron:*/30 * * * * *", "2026-11-30T11:59:10+00:00")]
    [InlineData("cron:*/30 * * * * *", "2026-11-30T11:59:00Z")]
    [InlineData("cron:*/30 * * * * *", "2026-11-30T11:59:00-00:00")]
    [InlineData("cron:*/30 * * * * *", "2026-11-30T12:59:00+01:00")]
    [InlineData("cron:*/30 * * * * *", "2026-11-30T11:59:00.000+00:00")]
    [InlineData("cron:*/30 * * * * *", "2026-11-30 11:59:00+00:00")]
    [InlineData("cron:*/30 * * * * *", "2026-11-30")]
    public void A_key_this_rule_cannot_produce_is_malformed(string period, string key) =>
        Assert.Equal((PeriodLookup.Malformed, null), BoardPeriods.Resolve(Board(period), key, Now, []));

    [Theory]
    // Right shape, wrong zone offset; and a reading Berlin's clocks skipped (02:00 on 2026-03-29).
    [InlineData("2026-10-25T02:00:00+03:00")]
    [InlineData("2026-03-29T02:00:00+01:00")]
    [InlineData("2026-03-29T02:00:00+02:00")]
    public void A_cron_key_must_be_an_occurrence_with_the_offset_in_force(string key) =>
        Assert.Equal((PeriodLookup.Malformed, null), BoardPeriods.Resolve(Board("cron:0 * * * *", "Europe/Berlin", keep: 1000), key, Now, []));

    [Fact]
    public void A_sunday_week_is_named_only_by_a_sunday()
    {
        var board = Board("weekly", "America/New_York", DayOfWeek.Sunday);
        Assert.Equal(PeriodLookup.Malformed, BoardPeriods.Resolve(board, "2026-11-30", Now, []).Lookup);
        Assert.Equal(PeriodLookup.Malformed, BoardPeriods.Resolve(board, "2026-W48", Now, []).Lookup);
        Assert.Equal("2026-11-29", BoardPeriods.Resolve(board, "2026-11-29", Now, []).Window?.Key);
    }

    [Theory]
    [InlineData("daily", "2026-12-01")]
    [InlineData("daily", "9999-12-31")]
    [InlineData("daily", "0001-01-01")]
    [InlineData("daily", "2026-11-17")]
    [InlineData("weekly", "2026-W50")]
    [InlineData("weekly", "2026-W36")]
    [InlineData("monthly", "2026-12")]
    [InlineData("monthly", "2025-10")]
    [InlineData("cron:*/30 * * * * *", "2026-11-30T12:00:30+00:00")]
    [InlineData("cron:*/30 * * * * *", "2026-11-30T11:53:30+00:00")]
    public void A_future_or_pruned_key_is_not_found(string period, string key) =>
        Assert.Equal((PeriodLookup.NotFound, null), BoardPeriods.Resolve(Board(period), key, Now, []));

    [Theory]
    [InlineData("9999-12-31T23:59:30+00:00")]
    [InlineData("0001-01-01T00:00:00+00:00")]
    [InlineData("0001-01-01T00:00:00+14:00")]
    [InlineData("1900-01-01T00:00:00+00:00")]
    [InlineData("2400-02-29T00:00:00+00:00")]
    public void A_cron_key_at_the_ends_of_the_calendar_is_answered_without_finding_a_period(string key) =>
        Assert.NotEqual(PeriodLookup.Found, BoardPeriods.Resolve(Board("cron:*/30 * * * * *"), key, Now, []).Lookup);

    [Theory]
    [InlineData("daily", "2026-11-18", "2026-11-18T00:00:00Z")]
    [InlineData("weekly", "2026-W37", "2026-09-07T00:00:00Z")]
    [InlineData("monthly", "2025-11", "2025-11-01T00:00:00Z")]
    [InlineData("cron:*/30 * * * * *", "2026-11-30T11:54:00+00:00", "2026-11-30T11:54:00Z")]
    public void The_oldest_kept_key_is_found_twelve_periods_back(string period, string key, string startsAt)
    {
        var (lookup, window) = BoardPeriods.Resolve(Board(period), key, Now, []);
        Assert.Equal(PeriodLookup.Found, lookup);
        Assert.Equal((key, DateTimeOffset.Parse(startsAt, System.Globalization.CultureInfo.InvariantCulture)), (window!.Key, window.StartsAt!.Value));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("current")]
    [InlineData("2026-11-30")]
    public void Current_is_asked_for_by_name_or_by_nothing_or_by_its_key(string? requested) =>
        Assert.Equal((PeriodLookup.Found, AtOrFail(Board("daily"), Now)), BoardPeriods.Resolve(Board("daily"), requested, Now, []));

    [Fact]
    public void An_all_time_board_has_one_period_and_no_previous()
    {
        var board = BoardDefinition.Global;
        foreach (var requested in new[] { null, "", "current", "all" })
        {
            Assert.Equal((PeriodLookup.Found, PeriodWindow.All), BoardPeriods.Resolve(board, requested, Now, []));
        }

        Assert.Equal((PeriodLookup.Malformed, null), BoardPeriods.Resolve(board, "previous", Now, []));
        Assert.Equal((PeriodLookup.Malformed, null), BoardPeriods.Resolve(board, "2026-11-30", Now, []));
        Assert.Equal([PeriodWindow.All], BoardPeriods.Recent(board, Now, []));
        Assert.Same(PeriodWindow.All, BoardPeriods.At(board, Now, []));
    }

    [Fact]
    public void Periods_that_ended_before_the_board_was_created_are_not_found_nor_listed()
    {
        var board = Board("daily") with { CreatedAt = new DateTimeOffset(2026, 11, 29, 6, 0, 0, TimeSpan.Zero) };

        Assert.Equal(PeriodLookup.NotFound, BoardPeriods.Resolve(board, "2026-11-28", Now, []).Lookup);
        Assert.Equal("2026-11-29", BoardPeriods.Resolve(board, "2026-11-29", Now, []).Window?.Key);
        Assert.Equal("2026-11-29", BoardPeriods.Resolve(board, "previous", Now, []).Window?.Key);
        Assert.Equal(["2026-11-30", "2026-11-29"], BoardPeriods.Recent(board, Now, []).Select(w => w.Key));

        var newer = board with { CreatedAt = Now.AddHours(-1) };
        Assert.Equal((PeriodLookup.NotFound, null), BoardPeriods.Resolve(newer, "previous", Now, []));
        Assert.Equal("2026-11-30", BoardPeriods.Resolve(newer, "current", Now, []).Window?.Key);
    }

    [Fact]
    public void Keep_periods_counts_ended_periods_after_the_current_one()
    {
        var board = Board("monthly", keep: 1);
        Assert.Equal(["2026-11", "2026-10"], BoardPeriods.Recent(board, Now, []).Select(w => w.Key));
        Assert.Equal(PeriodLookup.Found, BoardPeriods.Resolve(board, "2026-10", Now, []).Lookup);
        Assert.Equal(PeriodLookup.NotFound, BoardPeriods.Resolve(board, "2026-09", Now, []).Lookup);
    }

    [Fact]
    public void The_issue_s_cron_key_example_resolves_in_kathmandu()
    {
        var board = Board("cron:45 17 * * *", "Asia/Kathmandu");
        var (lookup, window) = BoardPeriods.Resolve(board, "2026-11-29T17:45:00+05:45", Now, []);
        Assert.Equal(PeriodLookup.Found, lookup);
        Assert.Equal(new PeriodWindow("2026-11-29T17:45:00+05:45", new(2026, 11, 29, 12, 0, 0, TimeSpan.Zero), new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero)), window);
    }
}
