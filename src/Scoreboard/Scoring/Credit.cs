namespace Scoreboard.Scoring;

/// <summary>The one write: add a catalog-derived number of points to a user's total, once per action id.</summary>
/// <param name="Source">Which API asked (e.g. <c>seed-004</c>), kept in the ledger.</param>
/// <param name="Caller">Who asked: a service key's name or a user token's subject.</param>
/// <param name="RequestHash">Fingerprint of the request that carried an idempotency key, to tell a retry from a reuse.</param>
public sealed record Credit(
    string UserId,
    string ActionId,
    string ActionType,
    long Points,
    string Source,
    string Caller,
    string? DisplayName = null,
    string? Reason = null,
    string? Ip = null,
    string? UserAgent = null,
    string? RequestHash = null);

/// <summary>One row of the ledger.</summary>
public sealed record ScoreEvent(
    long Id,
    string ActionId,
    string UserId,
    string ActionType,
    long Points,
    long ScoreBefore,
    long ScoreAfter,
    string? Reason,
    string Source,
    string Caller,
    string? Ip,
    string? UserAgent,
    string? RequestHash,
    DateTimeOffset CreatedAt);

/// <summary>What became of a credit.</summary>
public enum CreditStatus
{
    /// <summary>Committed: the ledger holds the event and the total moved.</summary>
    Applied,

    /// <summary>The action id was applied before; nothing changed. The outcome carries the original event.</summary>
    Duplicate,

    /// <summary>The total would pass <see cref="ScoreLimits.MaxScore"/>; nothing changed.</summary>
    WouldOverflow,
}

/// <summary>The result of one credit, as committed.</summary>
/// <param name="Event">The applied event, or for a duplicate the original one; null when nothing was written.</param>
/// <param name="Standing">The user's standing after the credit (for a duplicate: the credited user's current standing).</param>
public sealed record CreditOutcome(CreditStatus Status, ScoreEvent? Event, Standing? Standing)
{
    public bool Applied => Status == CreditStatus.Applied;
}
