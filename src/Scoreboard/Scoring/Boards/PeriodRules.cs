using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Cronos;

namespace Scoreboard.Scoring.Boards;

/// <summary>
/// Compiles a board's period rule and zone once: parsed cron expressions and zones are cached, per board instance
/// (no string hashing on the credit path) and per (rule, zone, week start) with a bound.
/// </summary>
internal static class PeriodRules
{
    public const string Daily = "daily";
    public const string Weekly = "weekly";
    public const string Monthly = "monthly";
    public const string Season = "season";
    public const string CronPrefix = "cron:";

    // Boards are few; the bound only keeps a stream of distinct definitions from growing the cache without end.
    private const int Capacity = 1_000;

    private static readonly ConcurrentDictionary<(string Period, string Zone, DayOfWeek WeekStart), TiledRule> Compiled = new();
    private static readonly ConditionalWeakTable<BoardDefinition, TiledRule> ByBoard = [];

    /// <summary>The rule of a daily, weekly, monthly or cron board; the board must be valid.</summary>
    public static TiledRule For(BoardDefinition board) =>
        ByBoard.TryGetValue(board, out var rule) ? rule : ByBoard.GetValue(board, static b => Shared(b));

    /// <summary>Null when <paramref name="period"/> is a rule this service knows and its expression parses.</summary>
    public static BoardProblem? CheckRule(string? period) => period switch
    {
        BoardDefinition.AllTime or Daily or Weekly or Monthly or Season => null,
        not null when period.StartsWith(CronPrefix, StringComparison.Ordinal) =>
            ParseCron(period[CronPrefix.Length..]) is null
                ? new("INVALID_PERIOD_RULE", "The cron expression must have 5 or 6 fields (seconds first) and occur at least once.")
                : null,
        _ => new("INVALID_PERIOD_RULE", "Period must be all-time, daily, weekly, monthly, season or cron:<expression>."),
    };

    /// <summary>The IANA zone named exactly <paramref name="id"/>, or null.</summary>
    public static TimeZoneInfo? FindZone(string? id)
    {
        // Zone ids are looked up as file names under the system's tz database: allow only the characters IANA
        // names use, and never a path step.
        if (string.IsNullOrEmpty(id) || id.Length > 64 || id.Contains("..", StringComparison.Ordinal) || id[0] == '/'
            || !id.All(c => char.IsAsciiLetterOrDigit(c) || c is '/' or '_' or '-' or '+'))
        {
            return null;
        }

        try
        {
            var zone = TimeZoneInfo.FindSystemTimeZoneById(id);

            // On Linux a Windows name ("W. Europe Standard Time") also resolves; the contract is IANA names, spelt
            // as the database spells them, so that two spellings never make two boards' periods differ.
            return zone.HasIanaId && zone.Id == id ? zone : null;
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException or System.Security.SecurityException or IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static TiledRule Shared(BoardDefinition board)
    {
        var key = (board.Period, board.TimeZone, board.Period == Weekly ? board.WeekStart : DayOfWeek.Monday);
        if (Compiled.TryGetValue(key, out var rule))
        {
            return rule;
        }

        if (Compiled.Count >= Capacity)
        {
            Compiled.Clear();
        }

        return Compiled.GetOrAdd(key, static k => Compile(k.Period, k.Zone, k.WeekStart));
    }

    private static TiledRule Compile(string period, string zoneId, DayOfWeek weekStart)
    {
        var zone = FindZone(zoneId) ?? throw new ArgumentException($"Unknown time zone '{zoneId}'.", nameof(zoneId));
        return period switch
        {
            Daily => new CalendarRule(CalendarRule.Unit.Day, zone, weekStart),
            Weekly => new CalendarRule(CalendarRule.Unit.Week, zone, weekStart),
            Monthly => new CalendarRule(CalendarRule.Unit.Month, zone, weekStart),
            _ when period.StartsWith(CronPrefix, StringComparison.Ordinal) && ParseCron(period[CronPrefix.Length..]) is { } cron =>
                new CronRule(cron, zone),
            _ => throw new ArgumentException($"Period '{period}' has no periods of its own to tile.", nameof(period)),
        };
    }

    private static CronExpression? ParseCron(string expression)
    {
        var fields = expression.Split(' ', StringSplitOptions.RemoveEmptyEntries);

        // 'H' asks Cronos for a randomly seeded time: two instances would cut different periods. (THU is a day.)
        if (fields.Length is not (5 or 6) || expression.Contains('\t') || expression.Contains('\n')
            || fields.Any(f => f.ToUpperInvariant().Replace("THU", "", StringComparison.Ordinal).Contains('H')))
        {
            return null;
        }

        if (!CronExpression.TryParse(expression, fields.Length == 6 ? CronFormat.IncludeSeconds : CronFormat.Standard, out var cron))
        {
            return null;
        }

        // An expression such as "0 0 30 2 *" never occurs: no instant would have a period.
        return cron.GetNextOccurrence(new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc)) is null ? null : cron;
    }
}
