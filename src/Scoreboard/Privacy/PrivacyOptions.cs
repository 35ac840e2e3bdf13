namespace Scoreboard.Privacy;

/// <summary>Retention of request details in the ledger, and the key of erased users' pseudonyms (docs/privacy.md).</summary>
public sealed class PrivacyOptions
{
    public const string Section = "Scoreboard:Privacy";

    /// <summary>Events older than this many days lose their IP address and user agent (002 §12.5: 90).</summary>
    public int RetentionDays { get; set; } = 90;

    /// <summary>How often the retention chore looks for events past <see cref="RetentionDays"/>.</summary>
    public int RetentionIntervalSeconds { get; set; } = 3600;

    /// <summary>Most events scrubbed in one transaction, so the chore never holds the store's writer for long.</summary>
    public int RetentionBatch { get; set; } = 1000;

    /// <summary>
    /// The HMAC key of pseudonyms (at least 32 characters). Unset, a random key is generated once and kept in the store's
    /// <c>privacy_key</c> table, shared by every instance. Changing it changes the pseudonyms of later erasures only.
    /// </summary>
    public string? PseudonymKey { get; set; }

    public static string? Check(PrivacyOptions o) =>
        o.RetentionDays is < 1 or > 36_500 ? $"{Section}:RetentionDays must be from 1 to 36500 (got {o.RetentionDays})."
        : o.RetentionIntervalSeconds is < 1 or > 86_400 ? $"{Section}:RetentionIntervalSeconds must be from 1 to 86400 (got {o.RetentionIntervalSeconds})."
        : o.RetentionBatch is < 1 or > 100_000 ? $"{Section}:RetentionBatch must be from 1 to 100000 (got {o.RetentionBatch})."
        : o.PseudonymKey is { Length: < 32 } ? $"{Section}:PseudonymKey must be at least 32 characters when set."
        : null;
}
