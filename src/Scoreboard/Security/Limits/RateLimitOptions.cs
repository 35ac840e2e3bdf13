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

    /// <summary>User credit requests across all users per minute, beyond each address's reserved share.</summary>
    public int GlobalPerMinute { get; set; } = 1_000;

    /// <summary>
    /// User credit requests per minute that each address may make without drawing on the global budget, so that a
    /// flood from a few addresses sheds those addresses, never a quiet one (an honest user behind another address).
    /// </summary>
    public int ReservedPerIpPerMinute { get; set; } = 100;

    /// <summary>Calls of the demo's open endpoints (play as a user, demo tokens) from one address per minute.</summary>
    public int DemoPerIpPerMinute { get; set; } = 30;

    /// <summary>Calls of the demo's open endpoints from all addresses together per minute.</summary>
    public int DemoPerMinute { get; set; } = 600;

    /// <summary>Credits one service key may send per minute; backends batch, so the budget is large.</summary>
    public int PerServiceKeyPerMinute { get; set; } = 600_000;

    public static string? Check(RateLimitOptions o) =>
        o.WindowMs is < 100 or > 86_400_000 ? $"RATE_LIMIT_WINDOW_MS (Scoreboard:RateLimits:WindowMs) must be from 100 to 86400000 (got {o.WindowMs})."
        : o.PerUser < 0 ? "RATE_LIMIT_MAX_REQUESTS (Scoreboard:RateLimits:PerUser) must not be negative."
        : new[] { o.PerUserPerHour, o.PerIpPerMinute, o.GlobalPerMinute, o.ReservedPerIpPerMinute, o.PerServiceKeyPerMinute, o.DemoPerIpPerMinute, o.DemoPerMinute }.Any(v => v < 0)
            ? "Scoreboard:RateLimits: PerUserPerHour, PerIpPerMinute, GlobalPerMinute, ReservedPerIpPerMinute, PerServiceKeyPerMinute, DemoPerIpPerMinute and DemoPerMinute must not be negative."
        : null;
}
