using System.Threading.Channels;
using Microsoft.Extensions.Options;
using Scoreboard.Diagnostics;
using Scoreboard.Live;
using Scoreboard.Ranking;
using Scoreboard.Scoring;
using Scoreboard.Storage;

namespace Scoreboard.Crediting;

/// <summary>
/// Group commit: credits from concurrent requests queue here and are committed together in one durable
/// transaction, then applied to the rank index. A caller's task completes only after its credit committed.
/// The queue is bounded: while the store is slow or away, credits beyond it are refused at once (503) instead of
/// piling up in memory behind a commit that may never come.
/// </summary>
public sealed partial class LedgerWriter(
    IScoreStore store, IRankIndex index, IBoardBus bus, StoreWrites writes, IOptions<StorageOptions> options, ILogger<LedgerWriter> logger,
    ScoreboardMetrics metrics, BoardRegistry boards, IBoardRanks boardRanks)
    : BackgroundService
{
    private sealed record Pending(Credit Credit, TaskCompletionSource<CreditOutcome> Reply, System.Diagnostics.Activity? Trace);

    private readonly Channel<Pending> _queue = Channel.CreateBounded<Pending>(
        new BoundedChannelOptions(options.Value.MaxQueue) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    // Credits refused since the queue last filled; logged once when it fills and once when it has emptied.
    private long _refusedWhileFull;

    // Two stages: a batch's store transaction, then its index update, live feed and replies. The next batch's
    // transaction runs while the previous batch is in its second stage; the second stages run one at a time, in the
    // order of the transactions, so the index sees standings in the order the store applied them.
    private const int InFlightLimit = 2;
    private readonly SemaphoreSlim _storeTurn = new(1, 1);
    private readonly SemaphoreSlim _inFlight = new(InFlightLimit, InFlightLimit);
    private Task _lastApplied = Task.CompletedTask;

    // Changes outside the batches (reversals, erasures) take every in-flight slot, one such change at a time.
    private readonly SemaphoreSlim _betweenBatches = new(1, 1);

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
        stoppingToken.Register(() => _queue.Writer.TryComplete());

        // Drains what is queued even after stopping was requested, so no accepted credit is left unanswered.
        while (await _queue.Reader.WaitToReadAsync(CancellationToken.None))
        {
            // Slots first, then the batch: credits arriving meanwhile join it instead of waiting for the next one.
            await _inFlight.WaitAsync(CancellationToken.None);
            await _storeTurn.WaitAsync(CancellationToken.None);
            var batch = new List<Pending>(Math.Min(options.Value.MaxBatch, _queue.Reader.Count));
            while (batch.Count < options.Value.MaxBatch && _queue.Reader.TryRead(out var pending))
            {
                batch.Add(pending);
            }

            if (batch.Count == 0)
            {
                _storeTurn.Release();
                _inFlight.Release();
                continue;
            }

            var previous = _lastApplied;
            _lastApplied = Task.Run(() => CommitAsync(batch, previous), CancellationToken.None);

            // An overload ends when the queue has emptied, so a queue hovering at its limit logs once, not per refusal.
            if (_queue.Reader.Count == 0 && Volatile.Read(ref _refusedWhileFull) > 0)
            {
                Log.LedgerQueueDrained(logger, Interlocked.Exchange(ref _refusedWhileFull, 0));
            }
        }

        await _lastApplied.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    /// <summary>Reverses a user's credits with compensating events, then moves the board (index and live feed).</summary>
    public Task<ReversalOutcome> ReverseAsync(string userId, string caller, string reason, ReversalChoice choice, CancellationToken cancellationToken) =>
        BetweenBatchesAsync(() => ReverseNowAsync(userId, caller, reason, choice, cancellationToken), cancellationToken);

    /// <summary>
    /// Runs a change outside the credit batches (an erasure: its store write, then its index updates) between two batches,
    /// so no batch's index update can land after it with what the store held before.
    /// </summary>
    public async Task<T> BetweenBatchesAsync<T>(Func<Task<T>> change, CancellationToken cancellationToken)
    {
        // Every slot held means no batch is in its store transaction nor between its commit and its index update.
        await _betweenBatches.WaitAsync(cancellationToken);
        var held = 0;
        try
        {
            for (; held < InFlightLimit; held++)
            {
                await _inFlight.WaitAsync(cancellationToken);
            }

            return await change();
        }
        finally
        {
            if (held > 0)
            {
                _inFlight.Release(held);
            }

            _betweenBatches.Release();
        }
    }
}
