namespace Scoreboard.Scoring.Boards;

/// <summary>
/// Local readings of instants in a zone, the instant a local date begins, and where the offset changes, DST-correct.
/// Only the instant-to-offset look-up is used: on Linux, .NET's local-time questions (IsInvalidTime, IsAmbiguousTime)
/// answer wrongly for zones whose daylight saving is negative in the tz database (Europe/Dublin, Africa/Casablanca).
/// </summary>
/// <remarks>The searches assume a zone's offset does not change twice within 12 hours, as holds for modern tz data.</remarks>
internal static class ZoneCalendar
{
    private static readonly TimeSpan Step = TimeSpan.FromHours(12);
    private static readonly long SearchTicks = TimeSpan.FromHours(18).Ticks;

    public static TimeSpan Offset(DateTimeOffset instant, TimeZoneInfo zone) => zone.GetUtcOffset(instant);

    /// <summary>What the zone's clock reads at <paramref name="instant"/>, as a UTC-kind <see cref="DateTime"/>.</summary>
    public static DateTime Reading(DateTimeOffset instant, TimeSpan offset) =>
        new(instant.UtcTicks + offset.Ticks, DateTimeKind.Utc);

    public static DateOnly LocalDate(DateTimeOffset instant, TimeZoneInfo zone) =>
        DateOnly.FromDateTime(Reading(instant, Offset(instant, zone)));

    /// <summary>
    /// The first instant of <paramref name="date"/> in <paramref name="zone"/>, in UTC: local midnight; its earlier
    /// occurrence when clocks went back over it; the end of the gap when clocks jumped over it.
    /// </summary>
    public static DateTimeOffset StartOf(DateOnly date, TimeZoneInfo zone)
    {
        var midnight = date.ToDateTime(TimeOnly.MinValue).Ticks;
        DateTimeOffset? first = null;
        foreach (var probe in (ReadOnlySpan<long>)[midnight - SearchTicks, midnight + SearchTicks])
        {
            // Every instant reading midnight is midnight minus the offset in force then, and the offsets around it
            // are those found 18 hours either side.
            var offset = Offset(new DateTimeOffset(probe, TimeSpan.Zero), zone);
            var candidate = new DateTimeOffset(midnight - offset.Ticks, TimeSpan.Zero);
            if (Offset(candidate, zone) == offset && (first is null || candidate < first))
            {
                first = candidate;
            }
        }

        return first ?? FirstReadingFrom(midnight, zone);
    }

    /// <summary>The first instant in (<paramref name="from"/>, <paramref name="to"/>] whose offset differs from that at <paramref name="from"/>.</summary>
    public static DateTimeOffset? FirstChange(DateTimeOffset from, DateTimeOffset to, TimeZoneInfo zone)
    {
        var offset = Offset(from, zone);
        for (var at = from; at < to;)
        {
            var next = to - at > Step ? at + Step : to;
            if (Offset(next, zone) != offset)
            {
                return Change(at, next, zone);
            }

            at = next;
        }

        return null;
    }

    /// <summary>The last instant in (<paramref name="from"/>, <paramref name="to"/>] at which the offset became the one in force at <paramref name="to"/>.</summary>
    public static DateTimeOffset? LastChange(DateTimeOffset from, DateTimeOffset to, TimeZoneInfo zone)
    {
        var offset = Offset(to, zone);
        for (var at = to; at > from;)
        {
            var earlier = at - from > Step ? at - Step : from;
            if (Offset(earlier, zone) != offset)
            {
                return Change(earlier, at, zone);
            }

            at = earlier;
        }

        return null;
    }

    /// <summary>Where the offset changes between <paramref name="before"/> and <paramref name="after"/>, to the second (zones change on whole seconds).</summary>
    private static DateTimeOffset Change(DateTimeOffset before, DateTimeOffset after, TimeZoneInfo zone)
    {
        var target = Offset(after, zone);
        var low = Math.DivRem(before.UtcTicks, TimeSpan.TicksPerSecond).Quotient;
        var high = (after.UtcTicks + TimeSpan.TicksPerSecond - 1) / TimeSpan.TicksPerSecond;
        while (high - low > 1)
        {
            var middle = low + ((high - low) / 2);
            (low, high) = Offset(Second(middle), zone) == target ? (low, middle) : (middle, high);
        }

        return Second(high);
    }

    /// <summary>The first instant whose reading is at or after <paramref name="local"/> ticks, which the clock jumped over.</summary>
    private static DateTimeOffset FirstReadingFrom(long local, TimeZoneInfo zone)
    {
        var low = (local - SearchTicks) / TimeSpan.TicksPerSecond;
        var high = (local + SearchTicks) / TimeSpan.TicksPerSecond;
        while (low < high)
        {
            var middle = low + ((high - low) / 2);
            var instant = Second(middle);
            (low, high) = Reading(instant, Offset(instant, zone)).Ticks >= local ? (low, middle) : (middle + 1, high);
        }

        return Second(low);
    }

    private static DateTimeOffset Second(long second) => new(second * TimeSpan.TicksPerSecond, TimeSpan.Zero);
}
