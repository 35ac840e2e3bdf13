using System.Threading.Channels;
using Microsoft.Extensions.Options;
using Scoreboard.Diagnostics;
using Scoreboard.Live;
using Scoreboard.Ranking;
using Scoreboard.Scoring;
using Scoreboard.Scoring.Boards;
using Scoreboard.Storage;

namespace Scoreboard.Crediting;

/// <summary>
/// Group commit: credits from concurrent requests queue here and are committed together in one durable
/// transaction, then applied to the rank index. A caller's task completes only after its credit committed.
/// The queue is bounded: while the store is slow or away, credits beyond it are refused at once (503) instead of
/// piling up in memory behind a commit that may never come.
/// </summary>
public sealed class LedgerWriter(
    IScoreStore store, IRankIndex index, IBoardBus bus, StoreWrites writes, IOptions<StorageOptions> options, ILogger<LedgerWriter> logger,
    ScoreboardMetrics metrics, BoardRegistry boards, IBoardRanks boardRanks)
    : BackgroundService
{
    private sealed record Pending(Credit Credit, TaskCompletionSource<CreditOutcome> Reply, System.Diagnostics.Activity? Trace);

    private readonly Channel<Pending> _queue = Channel.CreateBounded<Pending>(
        new BoundedChannelOptions(options.Value.MaxQueue) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    // Credits refused since the queue last filled; logged once when it fills and once when it has emptied.
    private long _refusedWhileFull;

    // Commits and reversals reach the index in the order the store applied them, or a stale standing could win.
    private readonly SemaphoreSlim _indexOrder = new(1, 1);

    /// <summary>Queues a credit; completes with its outcome once committed, or faults when the store failed.</summary>
    public Task<CreditOutcome> SubmitAsync(Credit credit, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();

        // The reply is not cancelled with the request: once queued, the credit commits or fails on its own.
        var pending = new Pending(credit, new(TaskCreationOptions.RunContinuationsAsynchronously), System.Diagnostics.Activity.Current);
        if (!_queue.Writer.TryWrite(pending))
        {
            if (Interlocked.Increment(ref _refusedWhileFull) == 1)
            {
                Log.LedgerQueueFull(logger, options.Value.MaxQueue);
            }

            throw new StoreUnavailableException("The ledger's queue is full, or it is shutting down.");
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

            // An overload ends when the queue has emptied, so a queue hovering at its limit logs once, not per refusal.
            if (_queue.Reader.Count == 0 && Volatile.Read(ref _refusedWhileFull) > 0)
            {
                Log.LedgerQueueDrained(logger, Interlocked.Exchange(ref _refusedWhileFull, 0));
            }
        }
    }

    /// <summary>Reverses a user's credits with compensating events, then moves the board (index and live feed).</summary>
    public async Task<ReversalOutcome> ReverseAsync(string userId, string caller, string reason, ReversalChoice choice, CancellationToken cancellationToken)
    {
        await _indexOrder.WaitAsync(cancellationToken);
        try
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
        finally
        {
            _indexOrder.Release();
        }
    }

    /// <summary>
    /// Runs a change outside the credit batches (an erasure: its store write, then its index updates) between two batches,
    /// so no batch's index update can land after it with what the store held before.
    /// </summary>
    public async Task<T> BetweenBatchesAsync<T>(Func<Task<T>> change, CancellationToken cancellationToken)
    {
        await _indexOrder.WaitAsync(cancellationToken);
        try
        {
            return await change();
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
        using var span = ScoreboardTelemetry.StartCommit(metrics, batch.Count, batch.Select(p => p.Trace));
        BoardSet counting;
        try
        {
            counting = await boards.FreshAsync(CancellationToken.None);
            outcomes = await store.ApplyAsync(batch.ConvertAll(p => p.Credit), counting, CancellationToken.None);
        }
        catch (Exception ex)
        {
            writes.Failed(ex);
            var failure = new StoreUnavailableException("The score store could not commit the credit.", ex, ex is CommitOutcomeUnknownException);
            batch.ForEach(p => p.Reply.TrySetException(failure));
            return;
        }

        writes.Succeeded();

        // The credits are committed: whatever happens to the derived data, their callers get their replies and the
        // writer keeps running. The index is repaired from the store (outbox relay, start-up rebuild, reconcile).
        var changed = outcomes.Where(o => o.Applied && o.Boards.Any(b => b.Board == BoardPeriod.Global)).Select(o => o.Standing!).ToList();
        var onBoards = outcomes.Where(o => o.Applied).SelectMany(o => o.Boards.Where(b => b.Board != BoardPeriod.Global)
            .Select(b => (Standing: b.ToStanding(o.Standing?.DisplayName), b.Board))).ToList();
        if (changed.Count > 0 || onBoards.Count > 0)
        {
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

        for (var i = 0; i < batch.Count; i++)
        {
            batch[i].Reply.TrySetResult(outcomes[i]);
        }
    }
}
