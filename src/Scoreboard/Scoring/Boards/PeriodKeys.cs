using System.Globalization;

namespace Scoreboard.Scoring.Boards;

/// <summary>
/// Writes and strictly reads period keys. Hand-written rather than format strings: keys are built on the credit path,
/// and a parser that accepts only what the writer produces (fixed width, ASCII digits) needs no round-trip check.
/// </summary>
internal static class PeriodKeys
{
    /// <summary><c>2026-11-30</c>.</summary>
    public static string Date(DateOnly date) => string.Create(10, date, static (span, d) =>
    {
        Write(span, d.Year, d.Month);
        span[7] = '-';
        Write2(span[8..], d.Day);
    });

    /// <summary><c>2026-11</c>.</summary>
    public static string Month(int year, int month) => string.Create(7, (year, month), static (span, m) => Write(span, m.year, m.month));

    /// <summary><c>2026-W48</c>: the ISO week-year and week of a week starting on <paramref name="monday"/>.</summary>
    public static string IsoWeek(DateOnly monday)
    {
        var day = monday.ToDateTime(TimeOnly.MinValue);
        return string.Create(8, (ISOWeek.GetYear(day), ISOWeek.GetWeekOfYear(day)), static (span, w) =>
        {
            Write4(span, w.Item1);
            span[4] = '-';
            span[5] = 'W';
            Write2(span[6..], w.Item2);
        });
    }

    /// <summary><c>2026-11-30T17:45:00+05:45</c>: local time with the offset in force at that instant.</summary>
    public static string LocalStart(DateTimeOffset local) => string.Create(25, local, static (span, t) =>
    {
        Write(span, t.Year, t.Month);
        span[7] = '-';
        Write2(span[8..], t.Day);
        span[10] = 'T';
        Write2(span[11..], t.Hour);
        span[13] = ':';
        Write2(span[14..], t.Minute);
        span[16] = ':';
        Write2(span[17..], t.Second);
        var offset = (int)t.Offset.TotalMinutes;
        span[19] = offset < 0 ? '-' : '+';
        offset = Math.Abs(offset);
        Write2(span[20..], offset / 60);
        span[22] = ':';
        Write2(span[23..], offset % 60);
    });

    public static bool TryDate(string key, out DateOnly date)
    {
        date = default;
        return key.Length == 10 && TryYearMonth(key, out var year, out var month) && key[7] == '-'
            && TryNumber(key.AsSpan(8, 2), out var day) && day >= 1 && day <= DateTime.DaysInMonth(year, month)
            && Assign(new DateOnly(year, month, day), out date);
    }

    public static bool TryMonth(string key, out int year, out int month)
    {
        (year, month) = (0, 0);
        return key.Length == 7 && TryYearMonth(key, out year, out month);
    }

    /// <summary>Reads <c>2026-W48</c> into the Monday that starts that ISO week.</summary>
    public static bool TryIsoWeek(string key, out DateOnly monday)
    {
        monday = default;
        return key.Length == 8 && TryNumber(key.AsSpan(0, 4), out var year) && year >= 1 && key[4] == '-' && key[5] == 'W'
            && TryNumber(key.AsSpan(6, 2), out var week) && week >= 1 && week <= ISOWeek.GetWeeksInYear(year)
            && Assign(DateOnly.FromDateTime(ISOWeek.ToDateTime(year, week, DayOfWeek.Monday)), out monday);
    }

    /// <summary>Reads a local start written by <see cref="LocalStart"/>; anything else (other widths, <c>Z</c>, <c>-00:00</c>) is refused.</summary>
    public static bool TryLocalStart(string key, out DateTimeOffset local)
    {
        local = default;
        if (key.Length != 25 || key[10] != 'T' || key[13] != ':' || key[16] != ':' || key[22] != ':'
            || !TryDate(key[..10], out var date)
            || !TryNumber(key.AsSpan(11, 2), out var hour) || hour > 23
            || !TryNumber(key.AsSpan(14, 2), out var minute) || minute > 59
            || !TryNumber(key.AsSpan(17, 2), out var second) || second > 59
            || key[19] is not ('+' or '-')
            || !TryNumber(key.AsSpan(20, 2), out var offsetHours) || offsetHours > 14
            || !TryNumber(key.AsSpan(23, 2), out var offsetMinutes) || offsetMinutes > 59)
        {
            return false;
        }

        var offset = new TimeSpan(offsetHours, offsetMinutes, 0);
        if (offset > TimeSpan.FromHours(14))
        {
            return false;
        }

        if (key[19] == '-')
        {
            if (offset == TimeSpan.Zero)
            {
                return false;
            }

            offset = -offset;
        }

        var clock = date.ToDateTime(new TimeOnly(hour, minute, second));
        var utcTicks = clock.Ticks - offset.Ticks;
        if (utcTicks < DateTime.MinValue.Ticks || utcTicks > DateTime.MaxValue.Ticks)
        {
            return false;
        }

        local = new DateTimeOffset(clock, offset);
        return true;
    }

    private static bool TryYearMonth(string key, out int year, out int month)
    {
        month = 0;
        return TryNumber(key.AsSpan(0, 4), out year) && year >= 1 && key[4] == '-'
            && TryNumber(key.AsSpan(5, 2), out month) && month >= 1 && month <= 12;
    }

    private static bool TryNumber(ReadOnlySpan<char> digits, out int value)
    {
        value = 0;
        foreach (var c in digits)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }

            value = (value * 10) + (c - '0');
        }

        return true;
    }

    private static bool Assign<T>(T value, out T target)
    {
        target = value;
        return true;
    }

    private static void Write(Span<char> span, int year, int month)
    {
        Write4(span, year);
        span[4] = '-';
        Write2(span[5..], month);
    }

    private static void Write4(Span<char> span, int value)
    {
        Write2(span, value / 100);
        Write2(span[2..], value % 100);
    }

    private static void Write2(Span<char> span, int value)
    {
        span[0] = (char)('0' + (value / 10));
        span[1] = (char)('0' + (value % 10));
    }
}
