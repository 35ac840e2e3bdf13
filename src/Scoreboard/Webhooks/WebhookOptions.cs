namespace Scoreboard.Webhooks;

/// <summary>Webhook delivery: <c>Scoreboard:Webhooks:…</c>. The defaults retry for about 10 minutes before dead-lettering.</summary>
public sealed class WebhookOptions
{
    public const string Section = "Scoreboard:Webhooks";

    /// <summary>Attempts per delivery, the first included; after the last one the delivery is dead-lettered.</summary>
    public int MaxAttempts { get; set; } = 8;

    /// <summary>Wait before the first retry; each later retry waits twice as long as the one before.</summary>
    public int FirstRetryMs { get; set; } = 5_000;

    /// <summary>The longest wait between two attempts.</summary>
    public int MaxRetryMs { get; set; } = 300_000;

    /// <summary>How long one attempt may take, connection included; a slower receiver counts as failed.</summary>
    public int TimeoutMs { get; set; } = 10_000;

    /// <summary>Deliveries sent at once by one instance.</summary>
    public int MaxConcurrency { get; set; } = 4;

    /// <summary>How often an instance looks for due deliveries and ended periods.</summary>
    public int PollIntervalMs { get; set; } = 1_000;

    /// <summary>
    /// Deliver to loopback, private, link-local and other non-public addresses. Off by default, so the admin API
    /// cannot be used to reach the server's own network (SSRF); on for a receiver on the same host or network.
    /// </summary>
    public bool AllowPrivateTargets { get; set; }

    /// <summary>Entries in a <c>period.ended</c> event: the final top N.</summary>
    public int TopN { get; set; } = 10;

    /// <summary>How long after a period's end its top N is read, so credits committed at the boundary are in it.</summary>
    public int PeriodSettleMs { get; set; } = 2_000;

    /// <summary>Delivered and dead deliveries, their events and ended-period marks are removed after this many hours.</summary>
    public int RetentionHours { get; set; } = 168;

    public static string? Check(WebhookOptions o) =>
        o.MaxAttempts is < 1 or > 50 ? $"{Section}:MaxAttempts must be from 1 to 50 (got {o.MaxAttempts})."
        : o.FirstRetryMs is < 10 or > 3_600_000 ? $"{Section}:FirstRetryMs must be from 10 to 3600000 (got {o.FirstRetryMs})."
        : o.MaxRetryMs < o.FirstRetryMs || o.MaxRetryMs > 86_400_000 ? $"{Section}:MaxRetryMs must be from FirstRetryMs to 86400000 (got {o.MaxRetryMs})."
        : o.TimeoutMs is < 100 or > 60_000 ? $"{Section}:TimeoutMs must be from 100 to 60000 (got {o.TimeoutMs})."
        : o.MaxConcurrency is < 1 or > 64 ? $"{Section}:MaxConcurrency must be from 1 to 64 (got {o.MaxConcurrency})."
        : o.PollIntervalMs is < 50 or > 60_000 ? $"{Section}:PollIntervalMs must be from 50 to 60000 (got {o.PollIntervalMs})."
        : o.TopN is < 1 or > 100 ? $"{Section}:TopN must be from 1 to 100 (got {o.TopN})."
        : o.PeriodSettleMs is < 0 or > 600_000 ? $"{Section}:PeriodSettleMs must be from 0 to 600000 (got {o.PeriodSettleMs})."
        : o.RetentionHours is < 1 or > 8_760 ? $"{Section}:RetentionHours must be from 1 to 8760 (got {o.RetentionHours})."
        : null;

    /// <summary>A claimed delivery stays its dispatcher's for this long: well beyond one attempt's timeout.</summary>
    public TimeSpan Lease => TimeSpan.FromMilliseconds(TimeoutMs * 3L + 5_000);
}
