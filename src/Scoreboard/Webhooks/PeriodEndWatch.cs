using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Scoreboard.Diagnostics;
using Scoreboard.Ranking;
using Scoreboard.Scoring.Boards;
using Scoreboard.Storage;

namespace Scoreboard.Webhooks;

/// <summary>
/// Notices ended periods and queues one <c>period.ended</c> per (board, period) with its final top N. Periods end at a
/// commit-time boundary and nothing runs there, so every instance looks each tick; the unique (board, period) row,
/// written in the event's transaction, lets exactly one of them queue it. The top N is read PeriodSettleMs after the
/// end, once credits committed just before the boundary are in it. Periods that ended before webhooks were installed,
/// or longer ago than the retention, are not announced.
/// </summary>
public sealed class PeriodEndWatch(
    BoardRegistry registry, IBoardRanks ranks, WebhookStore store, IOptions<WebhookOptions> options, TimeProvider clock, IHostApplicationLifetime lifetime,
    ILogger<PeriodEndWatch> logger) : BackgroundService
{
    // Periods this instance saw announced (by itself or another): bounded to the candidates of the last tick.
    private HashSet<(string, string)> _announced = [];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        {
            await started.Task.WaitAsync(stoppingToken);
        }

        DateTimeOffset? installed = null;
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(options.Value.PollIntervalMs), clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                installed ??= await InstalledAtAsync(stoppingToken);
                await WatchOnceAsync(installed.Value, stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                Log.WebhookDispatchFailed(logger, ex);
            }
        }
    }

    private async Task WatchOnceAsync(DateTimeOffset installed, CancellationToken cancellationToken)
    {
        var o = options.Value;
        var now = clock.GetUtcNow();
        var settled = now.AddMilliseconds(-o.PeriodSettleMs);
        var floor = Max(installed, now.AddHours(-o.RetentionHours));
        var boards = registry.Current;
        var candidates = new List<(BoardDefinition Board, PeriodWindow Window)>();
        foreach (var board in boards.Boards.Where(b => b.Period != BoardDefinition.AllTime))
        {
            candidates.AddRange(BoardPeriods.Recent(board, now, boards.SeasonsOf(board.Id))
                .Where(w => w.EndsAt is { } end && end > floor && end <= settled)
                .Select(w => (board, w)));
        }

        var announced = new HashSet<(string, string)>();
        foreach (var (board, window) in candidates)
        {
            var key = (board.Id, window.Key);
            if (_announced.Contains(key) || await AnnounceAsync(board, window, o.TopN, cancellationToken))
            {
                announced.Add(key);
            }
        }

        _announced = announced;
    }

    /// <summary>True once the period is announced, by this instance now or by any instance before.</summary>
    private async Task<bool> AnnounceAsync(BoardDefinition board, PeriodWindow window, int topN, CancellationToken cancellationToken)
    {
        var top = await ranks.TopAsync(board, window.Key, 0, topN, cancellationToken);
        var data = new JsonObject
        {
            ["boardId"] = board.Id,
            ["period"] = window.Key,
            ["startsAt"] = window.StartsAt is { } s ? WebhookOutbox.Timestamp(s) : null,
            ["endsAt"] = WebhookOutbox.Timestamp(window.EndsAt!.Value),
            ["top"] = new JsonArray([.. top.Select(r => (JsonNode)new JsonObject
            {
                ["rank"] = r.Rank,
                ["userId"] = r.Standing.UserId,
                ["displayName"] = r.Standing.DisplayName ?? r.Standing.UserId,
                ["score"] = r.Standing.Score,
            })]),
        };

        await using var connection = await store.Open(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // The mark first: a second instance waits on the row and then inserts nothing, so it queues nothing.
        var marked = await WebhookStore.ExecuteAsync(connection, transaction, """
            INSERT INTO webhook_periods (board_id, period_key, event_id, ended_at) VALUES ($1, $2, '', $3)
            ON CONFLICT (board_id, period_key) DO NOTHING
            """, cancellationToken, board.Id, window.Key, window.EndsAt!.Value.ToUnixTimeMilliseconds());
        if (marked == 0)
        {
            return true;
        }

        var eventId = await WebhookOutbox.EnqueueAsync(transaction, WebhookRules.PeriodEnded, data, cancellationToken);
        await WebhookStore.ExecuteAsync(connection, transaction, "UPDATE webhook_periods SET event_id = $1 WHERE board_id = $2 AND period_key = $3",
            cancellationToken, eventId ?? "", board.Id, window.Key);
        await transaction.CommitAsync(cancellationToken);
        if (eventId is not null)
        {
            Log.WebhookPeriodEnded(logger, board.Id, window.Key, eventId);
        }

        return true;
    }

    private async Task<DateTimeOffset> InstalledAtAsync(CancellationToken cancellationToken)
    {
        await using var connection = await store.Open(cancellationToken);
        await using var command = BoardStore.Command(connection, null, "SELECT applied_at FROM schema_migrations WHERE version = 6");
        var applied = await command.ExecuteScalarAsync(cancellationToken);
        return DateTimeOffset.FromUnixTimeMilliseconds(Convert.ToInt64(applied, CultureInfo.InvariantCulture));
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
