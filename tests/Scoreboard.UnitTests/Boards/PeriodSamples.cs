using Scoreboard.Scoring.Boards;

namespace Scoreboard.UnitTests.Boards;

/// <summary>Boards, zones and instants for period tests; random instants cluster around each zone's transitions.</summary>
internal static class PeriodSamples
{
    public static readonly string[] Zones =
    [
        "UTC", "Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "Asia/Kathmandu",
        // Clocks change at midnight (Santiago, Havana, Beirut), by 45 minutes off the hour (Chatham), at odd
        // offsets (St John's, Tehran), around Ramadan (Casablanca), with negative daylight saving (Dublin), and across the date line (Apia).
        "America/Santiago", "America/Havana", "Asia/Beirut", "Pacific/Chatham", "America/St_Johns", "Asia/Tehran",
        "Africa/Casablanca", "Europe/Dublin", "Pacific/Apia", "Pacific/Kiritimati", "Europe/London",
    ];

    public static readonly string[] TiledRules =
    [
        "daily", "weekly", "monthly", "cron:0 * * * *", "cron:*/30 * * * * *", "cron:30 2 * * *", "cron:0 0 * * 1",
        "cron:15 0 1 * *", "cron:*/45 1-3 * * *",
    ];

    private static readonly DateTimeOffset From = new(1990, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset To = new(2040, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly Dictionary<string, DateTimeOffset[]> TransitionsByZone = [];

    public static BoardDefinition Board(string period, string zone = "UTC", DayOfWeek weekStart = DayOfWeek.Monday, int keep = 12) =>
        new("b", "Board", ["*"], Period: period, TimeZone: zone, WeekStart: weekStart, KeepPeriods: keep);

    /// <summary>Every board shape the properties range over: each tiled rule (weekly with three week starts) in each zone.</summary>
    public static IEnumerable<BoardDefinition> SampleBoards() =>
        from zone in Zones
        from rule in TiledRules
        from weekStart in rule == "weekly" ? [DayOfWeek.Monday, DayOfWeek.Sunday, DayOfWeek.Saturday] : new[] { DayOfWeek.Monday }
        select Board(rule, zone, weekStart);

    /// <summary>Half uniform over 1990–2040, half within a day and a half of one of the zone's offset changes.</summary>
    public static DateTimeOffset Instant(Random random, string zone)
    {
        var transitions = Transitions(zone);
        if (transitions.Length > 0 && random.Next(2) == 0)
        {
            var near = transitions[random.Next(transitions.Length)];
            return near.AddMilliseconds(random.NextInt64(-36 * 3_600_000L, 36 * 3_600_000L));
        }

        return From.AddMilliseconds(random.NextInt64((long)(To - From).TotalMilliseconds));
    }

    /// <summary>The instants in 1990–2040 at which <paramref name="zone"/>'s offset changes, found by day scan and bisection.</summary>
    public static DateTimeOffset[] Transitions(string zone)
    {
        lock (TransitionsByZone)
        {
            if (TransitionsByZone.TryGetValue(zone, out var known))
            {
                return known;
            }

            var info = TimeZoneInfo.FindSystemTimeZoneById(zone);
            var found = new List<DateTimeOffset>();
            for (var day = From; day < To; day = day.AddHours(12))
            {
                var next = day.AddHours(12);
                if (info.GetUtcOffset(day) != info.GetUtcOffset(next))
                {
                    var (low, high) = (day, next);
                    while (high - low > TimeSpan.FromSeconds(1))
                    {
                        var middle = low + ((high - low) / 2);
                        (low, high) = info.GetUtcOffset(middle) == info.GetUtcOffset(day) ? (middle, high) : (low, middle);
                    }

                    found.Add(new DateTimeOffset(high.UtcTicks - (high.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero));
                }
            }

            return TransitionsByZone[zone] = [.. found];
        }
    }

    public static PeriodWindow AtOrFail(BoardDefinition board, DateTimeOffset instant) =>
        BoardPeriods.At(board, instant, []) ?? throw new InvalidOperationException($"{board.Period} has no period at {instant:O}.");

    public static string Describe(BoardDefinition board, DateTimeOffset instant) =>
        $"{board.Period} in {board.TimeZone} (week from {board.WeekStart}) at {instant:O}";
}
