namespace Scoreboard.Security.AntiCheat;

/// <summary>Anomaly detection over user credits (002 §5.3).</summary>
public sealed class AnomalyOptions
{
    public const string Section = "Scoreboard:AntiCheat";

    public bool Enabled { get; set; } = true;

    /// <summary>The short period over which growth is compared.</summary>
    public int WindowSeconds { get; set; } = 600;

    /// <summary>Flag a user who gained this many times the average of the other active users in the window…</summary>
    public double GrowthFactor { get; set; } = 10;

    /// <summary>…and at least this many points (so a quiet board does not flag its first player).</summary>
    public long MinPoints { get; set; } = 1_000;

    /// <summary>Flag a user whose gain in the window is this many standard deviations above the active users' mean…</summary>
    public double ZScore { get; set; } = 4;

    /// <summary>…when at least this many users were active in the window.</summary>
    public int MinPopulation { get; set; } = 20;

    /// <summary>Flag this many consecutive credits whose intervals are machine-regular.</summary>
    public int RegularCount { get; set; } = 12;

    /// <summary>"Machine-regular": the intervals' coefficient of variation is below this.</summary>
    public double RegularMaxVariation { get; set; } = 0.01;

    /// <summary>Refuse a flagged user's credits until an admin clears the flag.</summary>
    public bool FreezeFlagged { get; set; }

    public static string? Check(AnomalyOptions o) =>
        o.WindowSeconds is < 1 or > 86_400 ? $"Scoreboard:AntiCheat:WindowSeconds must be from 1 to 86400 (got {o.WindowSeconds})."
        : o.GrowthFactor < 1 ? "Scoreboard:AntiCheat:GrowthFactor must be at least 1."
        : o.MinPoints < 1 ? "Scoreboard:AntiCheat:MinPoints must be at least 1."
        : o.ZScore <= 0 ? "Scoreboard:AntiCheat:ZScore must be positive."
        : o.MinPopulation < 2 ? "Scoreboard:AntiCheat:MinPopulation must be at least 2."
        : o.RegularCount < 3 ? "Scoreboard:AntiCheat:RegularCount must be at least 3."
        : o.RegularMaxVariation < 0 ? "Scoreboard:AntiCheat:RegularMaxVariation must not be negative."
        : null;
}
