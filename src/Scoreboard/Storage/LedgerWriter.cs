using System.Threading.Channels;
using Microsoft.Extensions.Options;
using Scoreboard.Diagnostics;
using Scoreboard.Live;
using Scoreboard.Ranking;
using Scoreboard.Scoring;

namespace Scoreboard.Storage;

/// <summary>
/// Group commit: credits from concurrent requests queue here and are committed together in one durable
/// transaction, then applied to the rank index. A caller's task completes only after its credit committed.
/// </summary>
public sealed class LedgerWriter(
    IScoreStore store, IRankIndex index, IBoardBus bus, IOptions<StorageOptions> options, ILogger<LedgerWriter> logger)
    : BackgroundService
{
    private sealed record Pending(Credit Credit, TaskCompletionSource<CreditOutcome> Reply);

    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new() { SingleReader = true });

    // Commits and reversals reach the index in the order the store applied them, or a stale standing could win.
    private readonly SemaphoreSlim _indexOrder = new(1, 1);

    /// <summary>Queues a credit; completes with its outcome once committed, or faults when the store failed.</summary>
    public Task<CreditOutcome> SubmitAsync(Credit credit, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();

        // The reply is not cancelled with the request: once queued, the credit commits or fails on its own.
        var pending = new Pending(credit, new(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!_queue.Writer.TryWrite(pending))
        {
            throw new StoreUnavailableException("The ledger is shutting down.");
        }

        return pending.Reply.Task;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<Pending>(options.Value.MaxBatch);
        stoppingToken.Register(() => _queue.Writer.TryComplete());

        // Drains what is queued even after stopping was requested, so no accepted credit is left unanswered.
        while (await _queue.Reader.WaitToReadAsync(CancellationToken.None))
        {
            while (batch.Count < options.Value.MaxBatch && _queue.Reader.TryRead(out var pending))
            {
                batch.Add(pending);
            }

            await CommitAsync(batch);
            batch.Clear();
        }
    }

    /// <summary>Reverses a user's credits with compensating events, then moves the board (index and live feed).</summary>
    public async Task<ReversalOutcome> ReverseAsync(string userId, string caller, string reason, CancellationToken cancellationToken)
    {
        await _indexOrder.WaitAsync(cancellationToken);
        try
        {
            var outcome = await store.ReverseCreditsAsync(userId, caller, reason, cancellationToken);
            if (outcome is { Compensations.Count: > 0, Standing: { } standing })
            {
                await index.ApplyAsync([standing], CancellationToken.None);
                await bus.PublishAsync([standing], CancellationToken.None);
            }

            return outcome;
        }
        finally
        {
            _indexOrder.Release();
        }
    }

    private async Task CommitAsync(List<Pending> batch)
    {
        await _indexOrder.WaitAsync(CancellationToken.None);
        try
        {
            await CommitInOrderAsync(batch);
        }
        finally
        {
            _indexOrder.Release();
        }
    }

    private async Task CommitInOrderAsync(List<Pending> batch)
    {
        IReadOnlyList<CreditOutcome> outcomes;
        try
        {
            outcomes = await store.ApplyAsync(batch.ConvertAll(p => p.Credit), CancellationToken.None);
        }
        catch (Exception ex)
        {
            Log.LedgerCommitFailed(logger, batch.Count, ex);
            var failure = new StoreUnavailableException("The score store could not commit the credit.", ex);
            batch.ForEach(p => p.Reply.TrySetException(failure));
            return;
        }

        // The credits are committed: whatever happens to the derived data, their callers get their replies and the
        // writer keeps running. The index is repaired from the store (outbox relay, start-up rebuild, reconcile).
        var changed = outcomes.Where(o => o.Applied).Select(o => o.Standing!).ToList();
        if (changed.Count > 0)
        {
            try
            {
                await index.ApplyAsync(changed, CancellationToken.None);
                await bus.PublishAsync(changed, CancellationToken.None);
            }
            catch (Exception ex)
            {
                Log.IndexUpdateFailed(logger, changed.Count, ex);
            }
        }

        for (var i = 0; i < batch.Count; i++)
        {
            batch[i].Reply.TrySetResult(outcomes[i]);
        }
    }
}

/// <summary>The store could not be reached or could not commit; nothing was applied and the caller may retry.</summary>
public sealed class StoreUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
