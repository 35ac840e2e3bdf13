using Scoreboard.Scoring;
using Scoreboard.Scoring.Boards;

namespace Scoreboard.Storage;

/// <summary>
/// The source of truth: the ledger of score events and the totals they add up to.
/// A credit's event and its total move in one transaction; the action id's uniqueness is the store's constraint.
/// </summary>
public interface IScoreStore
{
    /// <summary>Creates or upgrades the schema.</summary>
    Task MigrateAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Applies the credits in order inside one durable transaction (group commit). Returns one outcome per
    /// credit once committed; throws, having applied none, if the transaction fails. Each credit moves every board of
    /// <paramref name="boards"/> that counts it, in the same transaction, as <see cref="CreditBatch"/> decides.
    /// </summary>
    Task<IReadOnlyList<CreditOutcome>> ApplyAsync(IReadOnlyList<Credit> credits, BoardSet boards, CancellationToken cancellationToken);

    /// <summary>
    /// Whether <paramref name="actionId"/> was applied in <paramref name="scope"/>: a read, so a replay is answered as a
    /// duplicate before it touches any budget. Only a hint; the unique constraint in <see cref="ApplyAsync"/> decides.
    /// </summary>
    Task<bool> WasAppliedAsync(string scope, string actionId, CancellationToken cancellationToken);

    /// <summary>Every user's standing, for rebuilding the rank index.</summary>
    IAsyncEnumerable<Standing> ReadStandingsAsync(CancellationToken cancellationToken);

    /// <summary>One user's ledger, oldest first.</summary>
    Task<IReadOnlyList<ScoreEvent>> ReadEventsAsync(string userId, CancellationToken cancellationToken);

    /// <summary>The service keys created by the server itself (configured keys live in configuration).</summary>
    Task<IReadOnlyList<StoredServiceKey>> ReadServiceKeysAsync(CancellationToken cancellationToken);

    Task AddServiceKeyAsync(StoredServiceKey key, CancellationToken cancellationToken);

    /// <summary>Deletes the stored key named <paramref name="name"/>; false when there is none.</summary>
    Task<bool> RevokeServiceKeyAsync(string name, CancellationToken cancellationToken);

    /// <summary>
    /// Reverses every credit of <paramref name="userId"/> not reversed before, in one durable transaction: one
    /// compensating event per credit (<c>reverses_event_id</c> naming it, unique; action id <c>reversal:{event id}</c> in
    /// the <c>admin</c> scope no caller can write; negative points, <paramref name="caller"/>, source <c>admin</c>), so the total still equals the sum of the user's events. Nothing to reverse writes nothing.
    /// <paramref name="choice"/> narrows it to chosen events or those since a time; the user's standings on the other
    /// boards are then rebuilt from the credits still standing (<see cref="BoardReplay"/> over <paramref name="boards"/>).
    /// </summary>
    Task<ReversalOutcome> ReverseCreditsAsync(string userId, string caller, string reason, ReversalChoice choice, BoardSet boards, CancellationToken cancellationToken);

    /// <summary>Round-trips to the database; false when it cannot be reached.</summary>
    Task<bool> PingAsync(CancellationToken cancellationToken);
}

/// <summary>A service key as stored: only the SHA-256 of the secret, never the secret.</summary>
public sealed record StoredServiceKey(string Name, string KeyHash, IReadOnlyList<string> ActionTypes);
