namespace Scoreboard.Scoring.Boards;

/// <summary>
/// A period rule whose periods tile time with no gap (daily, weekly, monthly, cron): each instant lies in exactly one
/// period, and the one before a period ends where it starts.
/// </summary>
internal abstract class TiledRule(TimeZoneInfo zone)
{
    // Almost every credit falls in the same period as the one before it, so the last window answers without
    // allocating; a reference write is atomic, so racing credits at worst both compute the same window.
    private PeriodWindow? _last;

    public TimeZoneInfo Zone { get; } = zone;

    public PeriodWindow At(DateTimeOffset instant)
    {
        var last = Volatile.Read(ref _last);
        if (last is not null && instant >= last.StartsAt!.Value && instant < last.EndsAt!.Value)
        {
            return last;
        }

        var window = Locate(instant);
        Volatile.Write(ref _last, window);
        return window;
    }

    /// <summary>The period that ends where <paramref name="window"/> starts.</summary>
    public PeriodWindow Before(PeriodWindow window) => Locate(window.StartsAt!.Value.AddMilliseconds(-1));

    /// <summary>
    /// The period <paramref name="key"/> names, when it is <paramref name="current"/> or one of the
    /// <paramref name="keep"/> periods before it; <see cref="PeriodLookup.NotFound"/> when it is later or older.
    /// </summary>
    public abstract (PeriodLookup Lookup, PeriodWindow? Window) Find(string key, PeriodWindow current, int keep);

    /// <summary>The period containing <paramref name="instant"/>, computed afresh.</summary>
    protected abstract PeriodWindow Locate(DateTimeOffset instant);

    protected static DateTimeOffset Utc(DateTimeOffset instant) => new(instant.UtcTicks, TimeSpan.Zero);
}
