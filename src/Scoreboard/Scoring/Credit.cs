namespace Scoreboard.Scoring;

/// <summary>The one write: add a catalog-derived number of points to a user's total, once per action id.</summary>
/// <param name="Source">Which API asked (e.g. <c>seed-004</c>), kept in the ledger.</param>
/// <param name="Caller">Who asked: a service key's name or a user token's subject.</param>
/// <param name="RequestHash">Fingerprint of the request that carried an idempotency key, to tell a retry from a reuse.</param>
/// <remarks>The action id is unique within <see cref="Scope"/>, the namespace of whoever sent it (<see cref="CallerScopes"/>).</remarks>
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
    string? RequestHash = null)
{
    /// <summary>Whose action ids this one lives among; the server's own by default, so no caller's id can meet it.</summary>
    public string Scope { get; init; } = CallerScopes.Server;

    /// <summary>Entry metadata to keep for the user (a JSON object, at most 1,024 UTF-8 bytes); null leaves it as it is.</summary>
    public string? Metadata { get; init; }
}

/// <summary>
/// The namespaces action ids live in (the ledger's <c>caller_scope</c>): one per user token subject and one per service
/// key, so no caller can squat or block another's ids. The kind prefix keeps the encoding unambiguous, and the server's
/// own scopes have no colon, so they can never equal a caller's.
/// </summary>
public static class CallerScopes
{
    /// <summary>Credits the server makes itself (the demo's plays).</summary>
    public const string Server = "server";

    /// <summary>Compensating events written by an admin's reversal.</summary>
    public const string Admin = "admin";

    public static string User(string userId) => "user:" + userId;

    public static string ServiceKey(string keyName) => "key:" + keyName;
}

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

    /// <summary>The standings the credit moved, one per (board, period); <c>global</c>'s among them when it counted the credit.</summary>
    public IReadOnlyList<Boards.BoardStanding> Boards { get; init; } = [];
}
