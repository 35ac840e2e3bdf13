namespace Scoreboard.Diagnostics;

/// <summary>Who may read <c>/metrics</c>.</summary>
public enum MetricsAccess
{
    /// <summary>Anyone who reaches the port: every tag is from a small fixed set, and no series names a user, key or address.</summary>
    Open,

    /// <summary>Only with the admin key, as <c>X-ADMIN-KEY</c> or <c>Authorization: Bearer</c> (what Prometheus's <c>authorization</c> sends).</summary>
    AdminKey,
}

/// <summary><c>Scoreboard:Metrics</c>: the Prometheus scrape endpoint.</summary>
public sealed class MetricsOptions
{
    public const string Section = "Scoreboard:Metrics";
    public const string Path = "/metrics";

    public bool Enabled { get; set; } = true;

    public MetricsAccess Access { get; set; } = MetricsAccess.Open;

    /// <summary>A port of its own for <c>/metrics</c> (then absent from the service's ports); 0 serves it beside the API.</summary>
    public int Port { get; set; }

    public static string? Check(MetricsOptions o) =>
        o.Port is < 0 or > 65535 ? $"Scoreboard:Metrics:Port must be from 1 to 65535, or 0 for the service's own port (got {o.Port})." : null;
}

/// <summary><c>Scoreboard:Logging</c>: the level every applied credit is logged at (seed 000: all score updates with their actionId).</summary>
public sealed class CreditLogOptions
{
    public const string Section = "Scoreboard:Logging";

    /// <summary>
    /// Debug by default: below the default minimum (Information), so a busy instance does not write a line per credit
    /// unless the operator asks for it (<c>Scoreboard__Logging__AppliedCredits=Information</c>).
    /// </summary>
    public LogLevel AppliedCredits { get; set; } = LogLevel.Debug;
}
