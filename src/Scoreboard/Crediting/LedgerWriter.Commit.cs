using Scoreboard.Diagnostics;
using Scoreboard.Live;
using Scoreboard.Scoring;
using Scoreboard.Scoring.Boards;
using Scoreboard.Storage;

namespace Scoreboard.Crediting;

/// <summary>A batch's two stages, and a reversal's store write and index update.</summary>
public sealed partial class LedgerWriter
{
    /// <summary>
    /// Commits <paramref name="batch"/> (its store turn is held), hands the turn on, then updates the index once the
    /// batch before it (<paramref name="previous"/>) has, and answers the callers. Never faults.
    /// </summary>
    private async Task CommitAsync(List<Pending> batch, Task previous)
    {
        try
        {
            using var span = ScoreboardTelemetry.StartCommit(metrics, batch.Count, batch.Select(p => p.Trace));
            var (outcomes, counting) = await StoreAsync(batch);
            await previous.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            if (outcomes is not null)
            {
                await ApplyAsync(outcomes, counting!);
                for (var i = 0; i < batch.Count; i++)
                {
                    batch[i].Reply.TrySetResult(outcomes[i]);
                }
            }
        }
        finally
        {
            _inFlight.Release();
        }
    }

    private async Task<(IReadOnlyList<CreditOutcome>? Outcomes, BoardSet? Counting)> StoreAsync(List<Pending> batch)
    {
        try
        {
            var counting = await boards.FreshAsync(CancellationToken.None);
            var outcomes = await store.ApplyAsync(batch.ConvertAll(p => p.Credit), counting, CancellationToken.None);
            writes.Succeeded();
            return (outcomes, counting);
        }
        catch (Exception ex)
        {
            writes.Failed(ex);
            var failure = new StoreUnavailableException("The score store could not commit the credit.", ex, ex is CommitOutcomeUnknownException);
            batch.ForEach(p => p.Reply.TrySetException(failure));
            return (null, null);
        }
        finally
        {
            _storeTurn.Release();
        }
    }

    /// <summary>
    /// The credits are committed: whatever happens to the derived data, their callers get their replies and the
    /// writer keeps running. The index is repaired from the store (outbox relay, start-up rebuild, reconcile).
    /// </summary>
    private async Task ApplyAsync(IReadOnlyList<CreditOutcome> outcomes, BoardSet counting)
    {
        var changed = outcomes.Where(o => o.Applied && o.Boards.Any(b => b.Board == BoardPeriod.Global)).Select(o => o.Standing!).ToList();
        var onBoards = outcomes.Where(o => o.Applied).SelectMany(o => o.Boards.Where(b => b.Board != BoardPeriod.Global)
            .Select(b => (Standing: b.ToStanding(o.Standing?.DisplayName), b.Board))).ToList();
        if (changed.Count == 0 && onBoards.Count == 0)
        {
            return;
        }

        try
        {
            using (ScoreboardTelemetry.Step(ScoreboardTelemetry.Index))
            {
                await index.ApplyAsync(changed, CancellationToken.None);
                await boardRanks.ApplyAsync(onBoards.ConvertAll(b => b.Standing), onBoards.ConvertAll(b => b.Board), counting, CancellationToken.None);
            }

            using (ScoreboardTelemetry.Step(ScoreboardTelemetry.Publish)) { await bus.PublishAsync(changed, onBoards.ConvertAll(b => new BoardTouch(b.Board.BoardId, b.Board.PeriodKey, b.Standing)), CancellationToken.None); }
        }
        catch (Exception ex)
        {
            Log.IndexUpdateFailed(logger, changed.Count, ex);
        }
    }

    private async Task<ReversalOutcome> ReverseNowAsync(string userId, string caller, string reason, ReversalChoice choice, CancellationToken cancellationToken)
    {
        var counting = await boards.FreshAsync(cancellationToken);
        var outcome = await store.ReverseCreditsAsync(userId, caller, reason, choice, counting, cancellationToken);
        if (outcome is { Compensations.Count: > 0, Standing: { } standing })
        {
            await boardRanks.RemoveUserAsync(userId, CancellationToken.None);
            if (outcome.Boards is { Count: > 0 } rebuilt)
            {
                await boardRanks.ApplyAsync([.. rebuilt.Select(b => b.ToStanding(standing.DisplayName))], [.. rebuilt.Select(b => b.Board)], counting, CancellationToken.None);
            }

            await index.ApplyAsync([standing], CancellationToken.None);
            await bus.PublishAsync([standing], CancellationToken.None);
        }

        return outcome;
    }
}
