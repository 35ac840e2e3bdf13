namespace Scoreboard.IntegrationTests.Distributed.History;

/// <summary>What a client learnt from one attempt to apply a credit.</summary>
public enum Outcome
{
    /// <summary>A 200: applied now, or already applied by an earlier attempt.</summary>
    Ok,

    /// <summary>A definite refusal: the reply says nothing was applied.</summary>
    Refused,

    /// <summary>No answer in time, a dropped connection, or an error that promises nothing.</summary>
    Unknown,
}

/// <summary>
/// One attempt, from invocation to completion. The attempts of one credit share its action id: a client retries an
/// unknown one with the same id. <paramref name="Applied"/> is the reply's <c>applied</c> for <see cref="Outcome.Ok"/>.
/// </summary>
public sealed record Attempt(string ActionId, string UserId, Outcome Outcome, string Detail, bool? Applied = null, long? Delta = null);

/// <summary>One row of the ledger (<c>score_events</c>) for an action id of the run, read by SQL.</summary>
public sealed record LedgerRow(string ActionId, string UserId, long Points);

/// <summary>A user's stored total (<c>user_scores.score</c>) and the ledger's sum of points for them; null where a side has no row.</summary>
public sealed record UserTotal(string UserId, long? Stored, long? LedgerSum);

/// <summary>One place on a board: the store's ranking, the Redis index or a live client's last board.</summary>
public sealed record Place(string UserId, long Score)
{
    public override string ToString() => $"{UserId}:{Score}";
}

/// <summary>Everything the checker judges: the clients' history and what the store, the index and the live clients hold at the end.</summary>
public sealed record HistoryFacts(
    IReadOnlyList<Attempt> Attempts,
    long PointsPerCredit,
    IReadOnlyList<LedgerRow> Ledger,
    IReadOnlyList<UserTotal> Totals,
    IReadOnlyList<string> StoreRanking,
    IReadOnlyList<string> IndexRanking,
    IReadOnlyList<IReadOnlyList<Place>?> LiveBoards,
    IReadOnlyList<Place> StoreTop);
