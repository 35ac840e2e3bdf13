namespace Scoreboard.Security.Limits;

/// <summary>Request budgets (002 §5.2's defaults); 0 turns a partition off.</summary>
public sealed class RateLimitOptions
{
    public const string Section = "Scoreboard:RateLimits";

    /// <summary><c>RATE_LIMIT_WINDOW_MS</c>: the per-user short window.</summary>
    public int WindowMs { get; set; } = 60_000;

    /// <summary><c>RATE_LIMIT_MAX_REQUESTS</c>: credits one user may send per short window.</summary>
    public int PerUser { get; set; } = 10;

    public int PerUserPerHour { get; set; } = 300;

    /// <summary>User credit requests from one IP address per minute (many users can share a NAT).</summary>
    public int PerIpPerMinute { get; set; } = 600;

    /// <summary>User credit requests across all users per minute.</summary>
    public int GlobalPerMinute { get; set; } = 1_000;

    /// <summary>Credits one service key may send per minute; backends batch, so the budget is large.</summary>
    public int PerServiceKeyPerMinute { get; set; } = 600_000;

    public static string? Check(RateLimitOptions o) =>
        o.WindowMs is < 100 or > 86_400_000 ? $"RATE_LIMIT_WINDOW_MS (Scoreboard:RateLimits:WindowMs) must be from 100 to 86400000 (got {o.WindowMs})."
        : o.PerUser < 0 ? "RATE_LIMIT_MAX_REQUESTS (Scoreboard:RateLimits:PerUser) must not be negative."
        : new[] { o.PerUserPerHour, o.PerIpPerMinute, o.GlobalPerMinute, o.PerServiceKeyPerMinute }.Any(v => v < 0)
            ? "Scoreboard:RateLimits: PerUserPerHour, PerIpPerMinute, GlobalPerMinute and PerServiceKeyPerMinute must not be negative."
        : null;
}
