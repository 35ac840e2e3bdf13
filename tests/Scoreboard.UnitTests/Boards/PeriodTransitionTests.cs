using Scoreboard.Scoring.Boards;

namespace Scoreboard.UnitTests.Boards;

/// <summary>
/// Keys and bounds worked out by hand, a millisecond before and at each clock change and period boundary.
/// Each row: board rule and zone, the instant, then the expected key and UTC bounds.
/// </summary>
public sealed class PeriodTransitionTests
{
    [Theory]
    // Europe/Berlin: CET→CEST 2026-03-29 01:00Z (a 23-hour day), CEST→CET 2026-10-25 01:00Z (25 hours).
    [InlineData("daily", "Europe/Berlin", "2026-03-29T00:59:59.999Z", "2026-03-29", "2026-03-28T23:00:00Z", "2026-03-29T22:00:00Z")]
    [InlineData("daily", "Europe/Berlin", "2026-03-29T01:00:00Z", "2026-03-29", "2026-03-28T23:00:00Z", "2026-03-29T22:00:00Z")]
    [InlineData("daily", "Europe/Berlin", "2026-03-29T22:00:00Z", "2026-03-30", "2026-03-29T22:00:00Z", "2026-03-30T22:00:00Z")]
    [InlineData("daily", "Europe/Berlin", "2026-10-25T00:59:59.999Z", "2026-10-25", "2026-10-24T22:00:00Z", "2026-10-25T23:00:00Z")]
    [InlineData("daily", "Europe/Berlin", "2026-10-25T01:00:00Z", "2026-10-25", "2026-10-24T22:00:00Z", "2026-10-25T23:00:00Z")]
    [InlineData("cron:0 * * * *", "Europe/Berlin", "2026-03-29T00:59:59.999Z", "2026-03-29T01:00:00+01:00", "2026-03-29T00:00:00Z", "2026-03-29T01:00:00Z")]
    [InlineData("cron:0 * * * *", "Europe/Berlin", "2026-03-29T01:00:00Z", "2026-03-29T03:00:00+02:00", "2026-03-29T01:00:00Z", "2026-03-29T02:00:00Z")]
    [InlineData("cron:0 * * * *", "Europe/Berlin", "2026-10-25T00:59:59.999Z", "2026-10-25T02:00:00+02:00", "2026-10-25T00:00:00Z", "2026-10-25T01:00:00Z")]
    [InlineData("cron:0 * * * *", "Europe/Berlin", "2026-10-25T01:00:00Z", "2026-10-25T02:00:00+01:00", "2026-10-25T01:00:00Z", "2026-10-25T02:00:00Z")]
    // America/New_York: EST→EDT 2026-03-08 07:00Z, EDT→EST 2026-11-01 06:00Z.
    [InlineData("daily", "America/New_York", "2026-03-08T06:59:59.999Z", "2026-03-08", "2026-03-08T05:00:00Z", "2026-03-09T04:00:00Z")]
    [InlineData("daily", "America/New_York", "2026-03-08T07:00:00Z", "2026-03-08", "2026-03-08T05:00:00Z", "2026-03-09T04:00:00Z")]
    [InlineData("daily", "America/New_York", "2026-11-01T05:59:59.999Z", "2026-11-01", "2026-11-01T04:00:00Z", "2026-11-02T05:00:00Z")]
    [InlineData("daily", "America/New_York", "2026-11-02T04:59:59.999Z", "2026-11-01", "2026-11-01T04:00:00Z", "2026-11-02T05:00:00Z")]
    [InlineData("daily", "America/New_York", "2026-11-02T05:00:00Z", "2026-11-02", "2026-11-02T05:00:00Z", "2026-11-03T05:00:00Z")]
    // A 5-field cron at 02:30, a reading skipped on 2026-03-08: that period starts at the jump instead.
    [InlineData("cron:30 2 * * *", "America/New_York", "2026-03-08T06:59:59.999Z", "2026-03-07T02:30:00-05:00", "2026-03-07T07:30:00Z", "2026-03-08T07:00:00Z")]
    [InlineData("cron:30 2 * * *", "America/New_York", "2026-03-08T07:00:00Z", "2026-03-08T03:00:00-04:00", "2026-03-08T07:00:00Z", "2026-03-09T06:30:00Z")]
    // ... and at 01:30, a reading shown twice on 2026-11-01: two periods, told apart by their offsets.
    [InlineData("cron:30 1 * * *", "America/New_York", "2026-11-01T06:29:59.999Z", "2026-11-01T01:30:00-04:00", "2026-11-01T05:30:00Z", "2026-11-01T06:30:00Z")]
    [InlineData("cron:30 1 * * *", "America/New_York", "2026-11-01T06:30:00Z", "2026-11-01T01:30:00-05:00", "2026-11-01T06:30:00Z", "2026-11-02T06:30:00Z")]
    // Australia/Lord_Howe shifts by 30 minutes: +11→+10:30 2026-04-04 15:00Z, +10:30→+11 2026-10-03 15:30Z.
    [InlineData("daily", "Australia/Lord_Howe", "2026-04-04T14:59:59.999Z", "2026-04-05", "2026-04-04T13:00:00Z", "2026-04-05T13:30:00Z")]
    [InlineData("daily", "Australia/Lord_Howe", "2026-04-04T15:00:00Z", "2026-04-05", "2026-04-04T13:00:00Z", "2026-04-05T13:30:00Z")]
    [InlineData("daily", "Australia/Lord_Howe", "2026-10-03T15:29:59.999Z", "2026-10-04", "2026-10-03T13:30:00Z", "2026-10-04T13:00:00Z")]
    [InlineData("daily", "Australia/Lord_Howe", "2026-10-04T12:59:59.999Z", "2026-10-04", "2026-10-03T13:30:00Z", "2026-10-04T13:00:00Z")]
    [InlineData("daily", "Australia/Lord_Howe", "2026-10-04T13:00:00Z", "2026-10-05", "2026-10-04T13:00:00Z", "2026-10-05T13:00:00Z")]
    [InlineData("cron:*/30 * * * *", "Australia/Lord_Howe", "2026-04-04T14:59:59.999Z", "2026-04-05T01:30:00+11:00", "2026-04-04T14:30:00Z", "2026-04-04T15:00:00Z")]
    [InlineData("cron:*/30 * * * *", "Australia/Lord_Howe", "2026-04-04T15:00:00Z", "2026-04-05T01:30:00+10:30", "2026-04-04T15:00:00Z", "2026-04-04T15:30:00Z")]
    [InlineData("cron:*/30 * * * *", "Australia/Lord_Howe", "2026-10-03T15:29:59.999Z", "2026-10-04T01:30:00+10:30", "2026-10-03T15:00:00Z", "2026-10-03T15:30:00Z")]
    [InlineData("cron:*/30 * * * *", "Australia/Lord_Howe", "2026-10-03T15:30:00Z", "2026-10-04T02:30:00+11:00", "2026-10-03T15:30:00Z", "2026-10-03T16:00:00Z")]
    // Asia/Kathmandu, +05:45 (+05:30 until 1986, when the first quarter hour of 1986-01-01 was skipped).
    [InlineData("daily", "Asia/Kathmandu", "2026-11-29T18:14:59.999Z", "2026-11-29", "2026-11-28T18:15:00Z", "2026-11-29T18:15:00Z")]
    [InlineData("daily", "Asia/Kathmandu", "2026-11-29T18:15:00Z", "2026-11-30", "2026-11-29T18:15:00Z", "2026-11-30T18:15:00Z")]
    [InlineData("daily", "Asia/Kathmandu", "1985-12-31T18:29:59.999Z", "1985-12-31", "1985-12-30T18:30:00Z", "1985-12-31T18:30:00Z")]
    [InlineData("daily", "Asia/Kathmandu", "1985-12-31T18:30:00Z", "1986-01-01", "1985-12-31T18:30:00Z", "1986-01-01T18:15:00Z")]
    [InlineData("cron:45 17 * * *", "Asia/Kathmandu", "2026-11-30T11:59:59.999Z", "2026-11-29T17:45:00+05:45", "2026-11-29T12:00:00Z", "2026-11-30T12:00:00Z")]
    [InlineData("cron:45 17 * * *", "Asia/Kathmandu", "2026-11-30T12:00:00Z", "2026-11-30T17:45:00+05:45", "2026-11-30T12:00:00Z", "2026-12-01T12:00:00Z")]
    [InlineData("monthly", "Asia/Kathmandu", "2026-11-30T18:14:59.999Z", "2026-11", "2026-10-31T18:15:00Z", "2026-11-30T18:15:00Z")]
    [InlineData("monthly", "Asia/Kathmandu", "2026-11-30T18:15:00Z", "2026-12", "2026-11-30T18:15:00Z", "2026-12-31T18:15:00Z")]
    // America/Santiago changes at midnight: 2026-04-04 24:00 -03 → 23:00 -04 (a 25-hour Saturday), and
    // 2026-09-05 24:00 -04 → 01:00 -03 (no midnight: Sunday starts at the jump).
    [InlineData("daily", "America/Santiago", "2026-04-05T02:59:59.999Z", "2026-04-04", "2026-04-04T03:00:00Z", "2026-04-05T04:00:00Z")]
    [InlineData("daily", "America/Santiago", "2026-04-05T03:59:59.999Z", "2026-04-04", "2026-04-04T03:00:00Z", "2026-04-05T04:00:00Z")]
    [InlineData("daily", "America/Santiago", "2026-04-05T04:00:00Z", "2026-04-05", "2026-04-05T04:00:00Z", "2026-04-06T04:00:00Z")]
    [InlineData("daily", "America/Santiago", "2026-09-06T03:59:59.999Z", "2026-09-05", "2026-09-05T04:00:00Z", "2026-09-06T04:00:00Z")]
    [InlineData("daily", "America/Santiago", "2026-09-06T04:00:00Z", "2026-09-06", "2026-09-06T04:00:00Z", "2026-09-07T03:00:00Z")]
    // Europe/Dublin, whose daylight saving is negative in the tz database: GMT→IST 2026-03-29 01:00Z, back 2026-10-25 01:00Z.
    [InlineData("daily", "Europe/Dublin", "2026-03-29T01:00:00Z", "2026-03-29", "2026-03-29T00:00:00Z", "2026-03-29T23:00:00Z")]
    [InlineData("cron:0 * * * *", "Europe/Dublin", "2026-03-29T00:59:59.999Z", "2026-03-29T00:00:00+00:00", "2026-03-29T00:00:00Z", "2026-03-29T01:00:00Z")]
    [InlineData("cron:0 * * * *", "Europe/Dublin", "2026-03-29T01:00:00Z", "2026-03-29T02:00:00+01:00", "2026-03-29T01:00:00Z", "2026-03-29T02:00:00Z")]
    [InlineData("cron:0 * * * *", "Europe/Dublin", "2026-10-25T00:59:59.999Z", "2026-10-25T01:00:00+01:00", "2026-10-25T00:00:00Z", "2026-10-25T01:00:00Z")]
    [InlineData("cron:0 * * * *", "Europe/Dublin", "2026-10-25T01:00:00Z", "2026-10-25T01:00:00+00:00", "2026-10-25T01:00:00Z", "2026-10-25T02:00:00Z")]
    // A cron with seconds.
    [InlineData("cron:*/30 * * * * *", "UTC", "2026-11-30T17:45:29.999Z", "2026-11-30T17:45:00+00:00", "2026-11-30T17:45:00Z", "2026-11-30T17:45:30Z")]
    [InlineData("cron:*/30 * * * * *", "UTC", "2026-11-30T17:45:30Z", "2026-11-30T17:45:30+00:00", "2026-11-30T17:45:30Z", "2026-11-30T17:46:00Z")]
    [InlineData("cron:*/30 * * * * *", "Asia/Kathmandu", "2026-11-30T17:45:30Z", "2026-11-30T23:30:30+05:45", "2026-11-30T17:45:30Z", "2026-11-30T17:46:00Z")]
    public void Period_at_a_transition_has_the_hand_worked_key_and_bounds(
        string period, string zone, string instant, string key, string startsAt, string endsAt) =>
        AssertPeriod(PeriodSamples.Board(period, zone), instant, key, startsAt, endsAt);

    internal static void AssertPeriod(BoardDefinition board, string instant, string key, string startsAt, string endsAt)
    {
        var window = PeriodSamples.AtOrFail(board, DateTimeOffset.Parse(instant, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal((key, startsAt, endsAt), (window.Key, Utc(window.StartsAt), Utc(window.EndsAt)));
    }

    private static string Utc(DateTimeOffset? bound)
    {
        Assert.Equal(TimeSpan.Zero, bound!.Value.Offset);
        return bound.Value.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
    }
}
