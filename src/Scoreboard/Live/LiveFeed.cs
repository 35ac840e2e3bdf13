using Microsoft.Extensions.Options;
using Scoreboard.Diagnostics;
using Scoreboard.Ranking;
using Scoreboard.Reads;
using Scoreboard.Scoring;
using Scoreboard.Scoring.Boards;
using Scoreboard.Storage;

namespace Scoreboard.Live;

/// <summary>
/// The instance's one feed: reads committed changes from the bus, waits out the coalescing window, recomputes each
/// watched view (a board in a period) the window moved once, and publishes it only when it differs from the last one
/// pushed. A view following <c>current</c> is recomputed when its period ends, so its subscribers get the next
/// period's board whole. Per-user events go to the connections of the users that changed, on that board.
/// </summary>
public sealed class LiveFeed(
    IBoardBus bus, BoardReads reads, BoardRegistry registry, LiveHub hub, TimeProvider clock, IOptions<LiveOptions> options,
    ILogger<LiveFeed> logger)
    : BackgroundService
{
    // The longest the feed sleeps without a change: boards and seasons made meanwhile get their views by then.
    private static readonly TimeSpan MaxIdle = TimeSpan.FromSeconds(1);

    private readonly HashSet<LiveViewKey> _pinned = [];
    private long _sequence;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var window = TimeSpan.FromMilliseconds(options.Value.WindowMs);
        _sequence = await bus.LastSequenceAsync(stoppingToken);
        await RefreshAsync(new FeedTouches(), stoppingToken);
        while (await WaitAsync(stoppingToken))
        {
            await Task.Delay(window, clock, stoppingToken);
            await RefreshAsync(Drain(new FeedTouches()), stoppingToken);
        }
    }

    /// <summary>Waits for a change, a new view, the end of a watched period, or <see cref="MaxIdle"/>; false once the bus is closed.</summary>
    private async Task<bool> WaitAsync(CancellationToken stoppingToken)
    {
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        wait.CancelAfter(UntilPeriodEnds());
        var changes = bus.Changes.WaitToReadAsync(wait.Token).AsTask();
        var views = hub.ViewAdded.WaitToReadAsync(wait.Token).AsTask();
        await Task.WhenAny(changes, views);
        await wait.CancelAsync();
        try
        {
            await Task.WhenAll(changes, views);
        }
        catch (OperationCanceledException)
        {
            stoppingToken.ThrowIfCancellationRequested();
        }

        hub.ViewAdded.TryRead(out _);
        return !changes.IsCompletedSuccessfully || changes.Result;
    }

    private TimeSpan UntilPeriodEnds()
    {
        var now = clock.GetUtcNow();
        var next = MaxIdle;
        foreach (var view in hub.Views)
        {
            if (view.Key.FollowsCurrent && view.Current?.EndsAt is { } ends)
            {
                // A millisecond past the end, so the period then containing now is the next one.
                var until = ends - now + TimeSpan.FromMilliseconds(1);
                next = until < next ? until : next;
            }
        }

        return next < TimeSpan.FromMilliseconds(1) ? TimeSpan.FromMilliseconds(1) : next;
    }

    private FeedTouches Drain(FeedTouches touches)
    {
        while (bus.Changes.TryRead(out var change))
        {
            touches.Add(change);
        }

        _sequence = Math.Max(_sequence, touches.Sequence);
        return touches;
    }

    private async Task RefreshAsync(FeedTouches touches, CancellationToken stoppingToken)
    {
        var boards = registry.Current;
        Pin(boards);
        var now = clock.GetUtcNow();
        foreach (var view in hub.Views.ToArray())
        {
            if (boards.Find(view.Key.BoardId) is not { } board || Period(board, view.Key, now, boards) is not { } period
                || !touches.Moves(board.Id, period.Key, view.Current))
            {
                continue;
            }

            try
            {
                var shown = view.Current;
                if (await ComputeAsync(board, period, shown, stoppingToken) is { } next)
                {
                    if (shown is not null && shown.Period != period.Key)
                    {
                        view.ResetWatches();
                    }

                    view.Publish(next);
                }

                await LiveUserEvents.NotifyAsync(view, board, period.Key, touches.On(board.Id, period.Key).Values, reads, stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The index may be briefly unreachable (Redis in distributed mode); the next change recomputes the
                // whole board, so skipping one window loses nothing but that window's per-user events.
                Log.LiveFeedWindowFailed(logger, ex);
            }
        }
    }

    /// <summary>Keeps a view of every board's current period, so polling and a first subscriber find it computed.</summary>
    private void Pin(BoardSet boards)
    {
        foreach (var board in boards.Boards)
        {
            if (_pinned.Add(new(board.Id, null)))
            {
                hub.Pin(new(board.Id, null), pinned: true);
            }
        }

        foreach (var gone in _pinned.Where(k => boards.Find(k.BoardId) is null).ToList())
        {
            _pinned.Remove(gone);
            hub.Pin(gone, pinned: false);
        }
    }

    /// <summary>The period a view shows now; null when there is none (a season board between seasons, a pruned key).</summary>
    private static PeriodWindow? Period(BoardDefinition board, LiveViewKey key, DateTimeOffset now, BoardSet boards) =>
        key.PeriodKey is { } fixedKey
            ? BoardPeriods.Resolve(board, fixedKey, now, boards.SeasonsOf(board.Id)).Window
            : BoardPeriods.At(board, now, boards.SeasonsOf(board.Id));

    /// <summary>The view's next board, or null when its visible rows equal <paramref name="previous"/>'s.</summary>
    private async Task<BoardState?> ComputeAsync(BoardDefinition board, PeriodWindow period, BoardState? previous, CancellationToken cancellationToken)
    {
        var top = await reads.TopAsync(board, period.Key, 0, options.Value.BoardSize, cancellationToken);
        var now = clock.GetUtcNow();
        if (previous is null || previous.Period != period.Key)
        {
            return BoardFrames.Build(_sequence, previous?.Sequence ?? -1, now, top, top, period);
        }

        var moved = BoardDiff.Moved(previous.Top, top);
        if (moved.Count == 0 && top.Count == previous.Top.Count)
        {
            return null;
        }

        // 000's clients keep rows from SCORE_UPDATE events, so users pushed off the board get one with their new rank.
        var leavers = new List<RankedStanding>();
        foreach (var userId in BoardDiff.Left(previous.Top, top))
        {
            if (await reads.FindAsync(board, period.Key, userId, cancellationToken) is { } ranked)
            {
                leavers.Add(ranked);
            }
        }

        return BoardFrames.Build(_sequence, previous.Sequence, now, top, [.. moved, .. leavers], period);
    }
}

/// <summary>What changed between two visible boards, as pure functions.</summary>
internal static class BoardDiff
{
    /// <summary>Rows of <paramref name="current"/> that are new or whose rank, score or name differ from <paramref name="previous"/>.</summary>
    public static List<RankedStanding> Moved(IReadOnlyList<RankedStanding> previous, IReadOnlyList<RankedStanding> current)
    {
        var before = previous.ToDictionary(r => r.Standing.UserId, StringComparer.Ordinal);
        return current.Where(r => !before.TryGetValue(r.Standing.UserId, out var old)
            || old.Rank != r.Rank || old.Standing.Score != r.Standing.Score || old.Standing.Name != r.Standing.Name).ToList();
    }

    /// <summary>Users on <paramref name="previous"/> who are not on <paramref name="current"/>.</summary>
    public static IEnumerable<string> Left(IReadOnlyList<RankedStanding> previous, IReadOnlyList<RankedStanding> current)
    {
        var now = current.Select(r => r.Standing.UserId).ToHashSet(StringComparer.Ordinal);
        return previous.Select(r => r.Standing.UserId).Where(id => !now.Contains(id));
    }
}
