using Scoreboard.Scoring.Boards;

namespace Scoreboard.UnitTests.Boards;

/// <summary>Season boards: named windows with gaps between them, kept like any period, never overlapping.</summary>
public sealed class SeasonPeriodTests
{
    private static readonly BoardDefinition Board = PeriodSamples.Board("season", keep: 2);
    private static readonly Season Summer = new("summer", Utc(2026, 6, 1), Utc(2026, 9, 1));
    private static readonly Season Autumn = new("autumn-2026", Utc(2026, 9, 15), Utc(2026, 10, 1));
    private static readonly Season Late = new("late", Utc(2026, 10, 15), Utc(2026, 12, 1));
    private static readonly Season Next = new("s_2027", Utc(2027, 1, 1), Utc(2027, 2, 1));
    private static readonly Season Spring = new("spring", Utc(2026, 3, 1), Utc(2026, 5, 1));
    private static readonly Season[] Seasons = [Summer, Late, Next, Autumn, Spring];

    [Fact]
    public void An_instant_inside_a_season_is_in_it_from_its_start_up_to_its_end()
    {
        Assert.Equal(new PeriodWindow("late", Late.StartsAt, Late.EndsAt), BoardPeriods.At(Board, Utc(2026, 11, 30), Seasons));
        Assert.Equal("late", BoardPeriods.At(Board, Late.StartsAt, Seasons)?.Key);
        Assert.Equal("late", BoardPeriods.At(Board, Late.EndsAt.AddMilliseconds(-1), Seasons)?.Key);
        Assert.Null(BoardPeriods.At(Board, Late.EndsAt, Seasons));
        Assert.Null(BoardPeriods.At(Board, Utc(2026, 10, 5), Seasons));
    }

    [Fact]
    public void Between_seasons_there_is_no_current_period_and_previous_is_the_last_ended_season()
    {
        var between = Utc(2026, 10, 5);
        Assert.Equal((PeriodLookup.NotFound, null), BoardPeriods.Resolve(Board, "current", between, Seasons));
        Assert.Equal((PeriodLookup.NotFound, null), BoardPeriods.Resolve(Board, null, between, Seasons));
        Assert.Equal("autumn-2026", BoardPeriods.Resolve(Board, "previous", between, Seasons).Window?.Key);
        Assert.Equal(["autumn-2026", "summer"], BoardPeriods.Recent(Board, between, Seasons).Select(w => w.Key));
    }

    [Fact]
    public void Inside_a_season_previous_is_the_season_that_ended_before_it_began()
    {
        var now = Utc(2026, 11, 30);
        Assert.Equal("autumn-2026", BoardPeriods.Resolve(Board, "previous", now, Seasons).Window?.Key);
        Assert.Equal(["late", "autumn-2026", "summer"], BoardPeriods.Recent(Board, now, Seasons).Select(w => w.Key));
    }

    [Fact]
    public void A_season_key_is_found_while_current_or_kept_and_not_found_when_future_pruned_or_unknown()
    {
        var now = Utc(2026, 11, 30);
        Assert.Equal(PeriodLookup.Found, BoardPeriods.Resolve(Board, "late", now, Seasons).Lookup);
        Assert.Equal(PeriodLookup.Found, BoardPeriods.Resolve(Board, "summer", now, Seasons).Lookup);
        Assert.Equal((PeriodLookup.NotFound, null), BoardPeriods.Resolve(Board, "spring", now, Seasons));
        Assert.Equal((PeriodLookup.NotFound, null), BoardPeriods.Resolve(Board, "s_2027", now, Seasons));
        Assert.Equal((PeriodLookup.NotFound, null), BoardPeriods.Resolve(Board, "winter", now, Seasons));
        Assert.Equal((PeriodLookup.Malformed, null), BoardPeriods.Resolve(Board, "Late", now, Seasons));
        Assert.Equal((PeriodLookup.Malformed, null), BoardPeriods.Resolve(Board, new string('a', 65), now, Seasons));
        Assert.Equal((PeriodLookup.Malformed, null), BoardPeriods.Resolve(Board, "late!", now, Seasons));
    }

    [Fact]
    public void A_board_with_no_seasons_has_no_periods()
    {
        Assert.Null(BoardPeriods.At(Board, Utc(2026, 11, 30), []));
        Assert.Empty(BoardPeriods.Recent(Board, Utc(2026, 11, 30), []));
        Assert.Equal((PeriodLookup.NotFound, null), BoardPeriods.Resolve(Board, "previous", Utc(2026, 11, 30), []));
    }

    [Fact]
    public void Season_bounds_are_shown_in_utc_to_the_millisecond()
    {
        var season = new Season("s", new DateTimeOffset(2026, 6, 1, 2, 0, 0, TimeSpan.FromHours(2)).AddTicks(9_999), Utc(2026, 7, 1));
        var window = BoardPeriods.At(Board, Utc(2026, 6, 15), [season])!;
        Assert.Equal((Utc(2026, 6, 1), TimeSpan.Zero), (window.StartsAt!.Value, window.StartsAt.Value.Offset));
    }

    [Fact]
    public void A_season_overlapping_another_is_refused_while_touching_and_replacing_are_allowed()
    {
        Assert.Equal("INVALID_SEASON", BoardPeriods.ValidateSeason(new("x", Utc(2026, 8, 31), Utc(2026, 9, 2)), Seasons)?.Code);
        Assert.Equal("INVALID_SEASON", BoardPeriods.ValidateSeason(new("x", Utc(2026, 1, 1), Utc(2027, 12, 1)), Seasons)?.Code);
        Assert.Null(BoardPeriods.ValidateSeason(new("x", Utc(2026, 9, 1), Utc(2026, 9, 15)), Seasons));
        Assert.Null(BoardPeriods.ValidateSeason(Late with { EndsAt = Utc(2026, 12, 31) }, Seasons));
    }

    [Theory]
    [InlineData("current")]
    [InlineData("previous")]
    [InlineData("Summer")]
    [InlineData("")]
    public void A_season_id_readers_could_not_name_is_refused(string id) =>
        Assert.Equal("INVALID_SEASON", BoardPeriods.ValidateSeason(new(id, Utc(2030, 1, 1), Utc(2030, 2, 1)), Seasons)?.Code);

    [Fact]
    public void A_season_must_end_after_it_starts() =>
        Assert.Equal("INVALID_SEASON", BoardPeriods.ValidateSeason(new("x", Utc(2030, 1, 1), Utc(2030, 1, 1)), Seasons)?.Code);

    [Fact]
    public void Should_stored_seasons_overlap_the_one_that_started_last_holds_the_instant()
    {
        var overlapping = new Season("inner", Utc(2026, 7, 1), Utc(2026, 7, 10));
        Assert.Equal("inner", BoardPeriods.At(Board, Utc(2026, 7, 5), [Summer, overlapping])?.Key);
        Assert.Equal("summer", BoardPeriods.At(Board, Utc(2026, 7, 15), [overlapping, Summer])?.Key);
    }

    private static DateTimeOffset Utc(int year, int month, int day) => new(year, month, day, 0, 0, 0, TimeSpan.Zero);
}
