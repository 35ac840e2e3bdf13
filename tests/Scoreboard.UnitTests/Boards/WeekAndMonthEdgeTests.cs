using static Scoreboard.UnitTests.Boards.PeriodTransitionTests;

namespace Scoreboard.UnitTests.Boards;

/// <summary>ISO week 53 and week-year edges, weeks starting on another day, and month ends, worked out by hand.</summary>
public sealed class WeekAndMonthEdgeTests
{
    [Theory]
    // 2026 starts on a Thursday, so it has an ISO week 53: Monday 2026-12-28 to Sunday 2027-01-03, holding New Year's Day.
    [InlineData("Europe/Berlin", "2026-12-27T22:59:59.999Z", "2026-W52", "2026-12-20T23:00:00Z", "2026-12-27T23:00:00Z")]
    [InlineData("Europe/Berlin", "2026-12-27T23:00:00Z", "2026-W53", "2026-12-27T23:00:00Z", "2027-01-03T23:00:00Z")]
    [InlineData("Europe/Berlin", "2027-01-01T12:00:00Z", "2026-W53", "2026-12-27T23:00:00Z", "2027-01-03T23:00:00Z")]
    [InlineData("Europe/Berlin", "2027-01-03T23:00:00Z", "2027-W01", "2027-01-03T23:00:00Z", "2027-01-10T23:00:00Z")]
    // 2025 starts on a Wednesday: its week 1 begins on Monday 2024-12-30.
    [InlineData("UTC", "2024-12-29T23:59:59.999Z", "2024-W52", "2024-12-23T00:00:00Z", "2024-12-30T00:00:00Z")]
    [InlineData("UTC", "2024-12-30T00:00:00Z", "2025-W01", "2024-12-30T00:00:00Z", "2025-01-06T00:00:00Z")]
    // 2020 (a leap year starting on a Wednesday) has a week 53 too, ending on Sunday 2021-01-03.
    [InlineData("UTC", "2021-01-03T23:59:59.999Z", "2020-W53", "2020-12-28T00:00:00Z", "2021-01-04T00:00:00Z")]
    // A week holding the spring change is an hour short.
    [InlineData("Europe/Berlin", "2026-03-29T01:00:00Z", "2026-W13", "2026-03-22T23:00:00Z", "2026-03-29T22:00:00Z")]
    public void Iso_week_at_an_edge_has_the_hand_worked_key_and_bounds(string zone, string instant, string key, string startsAt, string endsAt) =>
        AssertPeriod(PeriodSamples.Board("weekly", zone), instant, key, startsAt, endsAt);

    [Theory]
    // Weeks from Sunday are named by their local start date; this one holds New York's autumn change (169 hours).
    [InlineData("2026-11-01T03:59:59.999Z", "2026-10-25", "2026-10-25T04:00:00Z", "2026-11-01T04:00:00Z")]
    [InlineData("2026-11-01T04:00:00Z", "2026-11-01", "2026-11-01T04:00:00Z", "2026-11-08T05:00:00Z")]
    [InlineData("2026-11-01T06:00:00Z", "2026-11-01", "2026-11-01T04:00:00Z", "2026-11-08T05:00:00Z")]
    [InlineData("2026-11-30T12:00:00Z", "2026-11-29", "2026-11-29T05:00:00Z", "2026-12-06T05:00:00Z")]
    public void Week_from_sunday_is_named_by_its_start_date(string instant, string key, string startsAt, string endsAt) =>
        AssertPeriod(PeriodSamples.Board("weekly", "America/New_York", DayOfWeek.Sunday), instant, key, startsAt, endsAt);

    [Theory]
    [InlineData("UTC", "2028-02-29T23:59:59.999Z", "2028-02", "2028-02-01T00:00:00Z", "2028-03-01T00:00:00Z")]
    [InlineData("UTC", "2028-03-01T00:00:00Z", "2028-03", "2028-03-01T00:00:00Z", "2028-04-01T00:00:00Z")]
    [InlineData("UTC", "2027-02-28T23:59:59.999Z", "2027-02", "2027-02-01T00:00:00Z", "2027-03-01T00:00:00Z")]
    [InlineData("Europe/Berlin", "2026-03-31T21:59:59.999Z", "2026-03", "2026-02-28T23:00:00Z", "2026-03-31T22:00:00Z")]
    [InlineData("Europe/Berlin", "2026-03-31T22:00:00Z", "2026-04", "2026-03-31T22:00:00Z", "2026-04-30T22:00:00Z")]
    [InlineData("America/New_York", "2027-01-01T04:59:59.999Z", "2026-12", "2026-12-01T05:00:00Z", "2027-01-01T05:00:00Z")]
    [InlineData("America/New_York", "2027-01-01T05:00:00Z", "2027-01", "2027-01-01T05:00:00Z", "2027-02-01T05:00:00Z")]
    public void Month_at_its_end_has_the_hand_worked_key_and_bounds(string zone, string instant, string key, string startsAt, string endsAt) =>
        AssertPeriod(PeriodSamples.Board("monthly", zone), instant, key, startsAt, endsAt);
}
