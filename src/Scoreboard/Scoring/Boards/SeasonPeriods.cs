namespace Scoreboard.Scoring.Boards;

/// <summary>
/// Periods of a <c>season</c> board: the named windows an operator set, with gaps between them allowed. Overlaps
/// are refused when a season is set (<see cref="BoardPeriods.ValidateSeason"/>); should stored seasons overlap
/// anyway, the one that started last holds the instant, so every instant still has at most one period.
/// </summary>
internal static class SeasonPeriods
{
    public static PeriodWindow? At(DateTimeOffset instant, IReadOnlyList<Season> seasons)
    {
        Season? holder = null;
        foreach (var season in seasons)
        {
            if (Contains(season, instant) && (holder is null || Later(season, holder)))
            {
                holder = season;
            }
        }

        return holder is null ? null : Window(holder);
    }

    /// <summary>The season that ended last at or before <paramref name="instant"/>.</summary>
    public static PeriodWindow? EndedBy(DateTimeOffset instant, IReadOnlyList<Season> seasons)
    {
        Season? last = null;
        foreach (var season in seasons)
        {
            if (Bound(season.EndsAt) <= instant && (last is null || EndsLater(season, last)))
            {
                last = season;
            }
        }

        return last is null ? null : Window(last);
    }

    /// <summary>The season named <paramref name="id"/> when it has begun and is current or among the kept ended ones.</summary>
    public static PeriodWindow? Find(string id, DateTimeOffset now, int keep, IReadOnlyList<Season> seasons)
    {
        var season = seasons.FirstOrDefault(s => s.Id == id);
        if (season is null || Bound(season.StartsAt) > now)
        {
            return null;
        }

        var end = Bound(season.EndsAt);
        var newerEnded = seasons.Count(s => Bound(s.EndsAt) <= now && s.Id != season.Id && EndsLater(s, season));
        return end > now || newerEnded < keep ? Window(season) : null;
    }

    /// <summary>The current season, if any, then the ended ones, newest first, at most <paramref name="keep"/> of them.</summary>
    public static List<PeriodWindow> Recent(DateTimeOffset now, int keep, IReadOnlyList<Season> seasons)
    {
        var recent = new List<PeriodWindow>();
        if (At(now, seasons) is { } current)
        {
            recent.Add(current);
        }

        var ended = seasons.Where(s => Bound(s.EndsAt) <= now).ToList();
        ended.Sort((a, b) => EndsLater(a, b) ? -1 : EndsLater(b, a) ? 1 : 0);
        recent.AddRange(ended.Take(keep).Select(Window));
        return recent;
    }

    /// <summary>UTC, cut to the millisecond: the precision every bound is stored and shown with.</summary>
    public static DateTimeOffset Bound(DateTimeOffset instant) =>
        new(instant.UtcTicks - (instant.UtcTicks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);

    public static bool Overlap(Season a, Season b) =>
        Bound(a.StartsAt) < Bound(b.EndsAt) && Bound(b.StartsAt) < Bound(a.EndsAt);

    private static PeriodWindow Window(Season season) => new(season.Id, Bound(season.StartsAt), Bound(season.EndsAt));

    private static bool Contains(Season season, DateTimeOffset instant) =>
        Bound(season.StartsAt) <= instant && instant < Bound(season.EndsAt);

    private static bool Later(Season a, Season b) =>
        Bound(a.StartsAt) != Bound(b.StartsAt) ? Bound(a.StartsAt) > Bound(b.StartsAt) : string.CompareOrdinal(a.Id, b.Id) < 0;

    private static bool EndsLater(Season a, Season b) =>
        Bound(a.EndsAt) != Bound(b.EndsAt) ? Bound(a.EndsAt) > Bound(b.EndsAt) : Later(a, b);
}
