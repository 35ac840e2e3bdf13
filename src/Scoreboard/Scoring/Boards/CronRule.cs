using Cronos;

namespace Scoreboard.Scoring.Boards;

/// <summary>
/// <c>cron:</c> periods: each runs from one occurrence of the expression in the board's zone to the next. An instant
/// is an occurrence when the zone's clock reading then matches the expression (so a reading shown twice, when clocks
/// go back, starts a period each time); matching readings the clock jumps over start one period, at the jump. The
/// key is the local start with the offset in force then, so the two periods of a repeated reading have two keys.
/// </summary>
/// <remarks>
/// Cronos matches readings (in its UTC mode, which is exact); the zone is walked here, segment by segment between
/// offset changes, because Cronos's own zone handling asks .NET local-time questions that are wrong on Linux for
/// zones with negative daylight saving (Europe/Dublin).
/// </remarks>
internal sealed class CronRule(CronExpression expression, TimeZoneInfo zone) : TiledRule(zone)
{
    public override (PeriodLookup Lookup, PeriodWindow? Window) Find(string key, PeriodWindow current, int keep)
    {
        if (!PeriodKeys.TryLocalStart(key, out var start) || Zone.GetUtcOffset(start) != start.Offset || !IsOccurrence(start))
        {
            return (PeriodLookup.Malformed, null);
        }

        var currentStart = current.StartsAt!.Value;
        if (start >= currentStart)
        {
            return start == currentStart ? (PeriodLookup.Found, current) : (PeriodLookup.NotFound, null);
        }

        // Counted forwards: each step is one look-up, and at most keep of them are taken.
        var end = After(start);
        var following = end;
        for (var ago = 1; ago <= keep; ago++)
        {
            if (following >= currentStart)
            {
                return (PeriodLookup.Found, Window(start, end));
            }

            following = After(following);
        }

        return (PeriodLookup.NotFound, null);
    }

    protected override PeriodWindow Locate(DateTimeOffset instant)
    {
        var start = AtOrBefore(instant) ?? throw new InvalidOperationException("The cron expression has no occurrence before this instant.");
        return Window(start, After(start));
    }

    private PeriodWindow Window(DateTimeOffset start, DateTimeOffset end) =>
        new(PeriodKeys.LocalStart(start.ToOffset(Zone.GetUtcOffset(start))), Utc(start), Utc(end));

    /// <summary>The first occurrence after <paramref name="instant"/>.</summary>
    private DateTimeOffset After(DateTimeOffset instant)
    {
        var (from, inclusive) = (instant, false);
        while (true)
        {
            var offset = ZoneCalendar.Offset(from, Zone);
            var reading = expression.GetNextOccurrence(ZoneCalendar.Reading(from, offset), inclusive)
                ?? throw new InvalidOperationException("The cron expression has no occurrence after this instant.");
            var candidate = Instant(reading, offset);
            if (ZoneCalendar.FirstChange(from, candidate, Zone) is not { } change)
            {
                return candidate;
            }

            // The offset changed before that reading came round: if clocks jumped over a matching reading, the jump
            // is the occurrence; otherwise matching goes on in the new offset from the change.
            if (JumpsOverMatch(change))
            {
                return change;
            }

            (from, inclusive) = (change, true);
        }
    }

    /// <summary>The last occurrence at or before <paramref name="instant"/>, or null when the expression never occurred.</summary>
    private DateTimeOffset? AtOrBefore(DateTimeOffset instant)
    {
        var to = instant;
        while (true)
        {
            var offset = ZoneCalendar.Offset(to, Zone);
            if (expression.GetPreviousOccurrence(ZoneCalendar.Reading(to, offset), inclusive: true) is not { } reading)
            {
                return null;
            }

            var candidate = Instant(reading, offset);
            if (ZoneCalendar.LastChange(candidate, to, Zone) is not { } change)
            {
                return candidate;
            }

            if (JumpsOverMatch(change))
            {
                return change;
            }

            to = change.AddTicks(-1);
        }
    }

    /// <summary>True when clocks jump forward at <paramref name="change"/> over a reading the expression matches.</summary>
    private bool JumpsOverMatch(DateTimeOffset change)
    {
        var (before, after) = (ZoneCalendar.Offset(change.AddTicks(-1), Zone), ZoneCalendar.Offset(change, Zone));
        return after > before
            && expression.GetNextOccurrence(ZoneCalendar.Reading(change, before), inclusive: true) is { } skipped
            && skipped < ZoneCalendar.Reading(change, after);
    }

    private bool IsOccurrence(DateTimeOffset start)
    {
        try
        {
            return AtOrBefore(start) == start;
        }
        catch (ArgumentException)
        {
            // Outside the years Cronos computes: no period of this board.
            return false;
        }
    }

    private static DateTimeOffset Instant(DateTime reading, TimeSpan offset) => new(reading.Ticks - offset.Ticks, TimeSpan.Zero);
}
