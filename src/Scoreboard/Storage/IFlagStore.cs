namespace Scoreboard.Storage;

/// <summary>The <c>suspicious_activity</c> table: anomaly flags and their review.</summary>
public interface IFlagStore
{
    Task<SuspicionFlag> AddFlagAsync(string userId, string reason, string details, CancellationToken cancellationToken);

    /// <summary>Newest first; <paramref name="status"/> null means every status.</summary>
    Task<IReadOnlyList<SuspicionFlag>> ReadFlagsAsync(string? status, int limit, CancellationToken cancellationToken);

    /// <summary>Sets a flag's status (cleared or confirmed); null when no flag has that id.</summary>
    Task<SuspicionFlag?> ResolveFlagAsync(long id, string status, string resolvedBy, CancellationToken cancellationToken);

    /// <summary>Users with an open or confirmed flag: the ones a freeze holds.</summary>
    Task<IReadOnlyList<string>> ReadHeldUsersAsync(CancellationToken cancellationToken);

    /// <summary>A number that moves with every change to the flags (0004's trigger): read it before the held users.</summary>
    Task<long> ReadFlagRevisionAsync(CancellationToken cancellationToken);
}

/// <summary>One row of <c>suspicious_activity</c>; <see cref="Details"/> is a JSON object.</summary>
public sealed record SuspicionFlag(
    long Id, string UserId, string Reason, string Details, string Status, DateTimeOffset CreatedAt, string? ResolvedBy, DateTimeOffset? ResolvedAt);

/// <summary>A flag's review states.</summary>
public static class FlagStatus
{
    public const string Open = "open";
    public const string Cleared = "cleared";
    public const string Confirmed = "confirmed";

    public static bool IsValid(string? status) => status is Open or Cleared or Confirmed;
}

/// <summary>What a reversal wrote: one compensating event per reversed credit, and the user's standing after.</summary>
/// <param name="Boards">After a partial reversal, the user's rebuilt standings on the other boards; null when none is left.</param>
public sealed record ReversalOutcome(
    IReadOnlyList<Scoring.ScoreEvent> Compensations, Scoring.Standing? Standing, IReadOnlyList<Scoring.Boards.BoardStanding>? Boards = null);
