namespace Scoreboard.Scoring.Boards;

/// <summary>Daily, weekly and monthly periods: runs of local dates in the board's zone, numbered consecutively.</summary>
internal sealed class CalendarRule(CalendarRule.Unit unit, TimeZoneInfo zone, DayOfWeek weekStart) : TiledRule(zone)
{
    public enum Unit
    {
        Day,
        Week,
        Month,
    }

    // DateOnly.DayNumber 0 (0001-01-01) is a Monday, so a week starting on weekStart begins on day numbers
    // congruent to this modulo 7.
    private readonly int _weekPhase = ((int)weekStart + 6) % 7;

    public override (PeriodLookup Lookup, PeriodWindow? Window) Find(string key, PeriodWindow current, int keep)
    {
        if (!TryIndex(key, out var index))
        {
            return (PeriodLookup.Malformed, null);
        }

        TryIndex(current.Key, out var currentIndex);
        var ago = currentIndex - index;
        if (ago == 0)
        {
            return (PeriodLookup.Found, current);
        }

        // A date the zone skipped whole (Samoa's 2011-12-30) is an empty period: it never held an instant, and the
        // kept periods, counted as they are listed, pass over it.
        if (ago > keep && ago <= keep + 2)
        {
            ago -= Enumerable.Range(1, (int)ago - 1).Count(step => IsEmpty(index + step));
        }

        var window = ago < 0 || ago > keep ? null : Window(index);
        return window is null || window.StartsAt == window.EndsAt ? (PeriodLookup.NotFound, null) : (PeriodLookup.Found, window);
    }

    private bool IsEmpty(long index) => ZoneCalendar.StartOf(First(index), Zone) == ZoneCalendar.StartOf(First(index + 1), Zone);

    protected override PeriodWindow Locate(DateTimeOffset instant)
    {
        var index = Index(ZoneCalendar.LocalDate(instant, Zone));

        // Where clocks go back over midnight, an instant can read as the previous date after its successor began.
        while (instant >= ZoneCalendar.StartOf(First(index + 1), Zone))
        {
            index++;
        }

        return Window(index);
    }

    private PeriodWindow Window(long index) =>
        new(Key(index), ZoneCalendar.StartOf(First(index), Zone), ZoneCalendar.StartOf(First(index + 1), Zone));

    private long Index(DateOnly date) => unit switch
    {
        Unit.Day => date.DayNumber,
        Unit.Week => Math.DivRem(date.DayNumber - _weekPhase + 7, 7).Quotient - 1,
        _ => (date.Year * 12L) + date.Month - 1,
    };

    private DateOnly First(long index) => unit switch
    {
        Unit.Day => DateOnly.FromDayNumber((int)index),
        Unit.Week => DateOnly.FromDayNumber((int)((index * 7) + _weekPhase)),
        _ => new DateOnly((int)(index / 12), (int)(index % 12) + 1, 1),
    };

    private string Key(long index)
    {
        var first = First(index);
        return unit switch
        {
            Unit.Day => PeriodKeys.Date(first),
            Unit.Week when weekStart == DayOfWeek.Monday => PeriodKeys.IsoWeek(first),
            Unit.Week => PeriodKeys.Date(first),
            _ => PeriodKeys.Month(first.Year, first.Month),
        };
    }

    private bool TryIndex(string key, out long index)
    {
        index = 0;
        var ok = unit switch
        {
            Unit.Day => PeriodKeys.TryDate(key, out var day) && Assign(day.DayNumber, out index),
            Unit.Week when weekStart == DayOfWeek.Monday => PeriodKeys.TryIsoWeek(key, out var monday) && Assign(Index(monday), out index),
            Unit.Week => PeriodKeys.TryDate(key, out var start) && start.DayOfWeek == weekStart && Assign(Index(start), out index),
            _ => PeriodKeys.TryMonth(key, out var year, out var month) && Assign((year * 12L) + month - 1, out index),
        };
        return ok;
    }

    private static bool Assign(long value, out long target)
    {
        target = value;
        return true;
    }
}
