using Scoreboard.Crediting;
using Scoreboard.Live;
using Scoreboard.Ranking;
using Scoreboard.Scoring;
using Scoreboard.Security.AntiCheat;
using Scoreboard.Storage;

namespace Scoreboard.Privacy;

/// <summary>
/// Erasure end to end: the store's transaction, then every ranking that may hold the user (the global index and the
/// boards', in Redis for every instance in distributed mode), then a board change on the bus so every instance's live
/// feed recomputes its board without them, and the frozen list re-read (their flags are gone).
/// </summary>
public sealed class UserErasure(
    PrivacyStore store, Pseudonyms pseudonyms, LedgerWriter ledger, IRankIndex index, IBoardRanks boards, IBoardBus bus,
    AnomalyMonitor monitor, TimeProvider clock)
{
    /// <summary>Null when the store holds nothing about <paramref name="userId"/> and never erased them.</summary>
    public async Task<ErasureResult?> EraseAsync(string userId, string caller, CancellationToken cancellationToken)
    {
        var pseudonym = await pseudonyms.OfAsync(userId, cancellationToken);

        // Between credit batches: a batch committed before the erasure cannot put the user back into the index after it.
        var result = await ledger.BetweenBatchesAsync(async () =>
        {
            var now = clock.GetUtcNow();
            var erased = await store.EraseAsync(userId, pseudonym, caller, now, cancellationToken);
            if (erased is not null)
            {
                // Also when already erased: a repeated request finishes rankings an earlier one could not reach (Redis down).
                await index.RemoveUserAsync(userId, CancellationToken.None);
                await boards.RemoveUserAsync(userId, CancellationToken.None);
                await bus.PublishAsync([new Standing(userId, null, 0, 0, now)], CancellationToken.None);
            }

            return erased;
        }, cancellationToken);

        if (result is { FlagsRemoved: > 0 })
        {
            await monitor.RefreshAsync(CancellationToken.None);
        }

        return result;
    }
}
