using Microsoft.Extensions.Options;
using Scoreboard.Diagnostics;
using Scoreboard.Ranking;
using Scoreboard.Scoring;

namespace Scoreboard.Live;

/// <summary>
/// The instance's one feed: reads committed changes from the bus, waits out the coalescing window, recomputes the
/// visible board once, and publishes it only when it differs from the last one pushed. Per-user events go to the
/// connections of the users that changed.
/// </summary>
public sealed class LiveFeed(
    IBoardBus bus, IRankIndex index, LiveHub hub, TimeProvider clock, IOptions<LiveOptions> options, ILogger<LiveFeed> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var window = TimeSpan.FromMilliseconds(options.Value.WindowMs);
        var board = await ComputeAsync(await bus.LastSequenceAsync(stoppingToken), null, stoppingToken) ?? throw new InvalidOperationException("The first board is always computed.");
        hub.Publish(board);
        var reader = bus.Changes;
        while (await reader.WaitToReadAsync(stoppingToken))
        {
            await Task.Delay(window, clock, stoppingToken);
            var touched = new Dictionary<string, Standing>(StringComparer.Ordinal);
            var sequence = board.Sequence;
            while (reader.TryRead(out var change))
            {
                sequence = Math.Max(sequence, change.Sequence);
                foreach (var standing in change.Standings)
                {
                    touched[standing.UserId] = standing;
                }
            }

            try
            {
                var next = await ComputeAsync(sequence, board, stoppingToken);
                if (next is not null)
                {
                    board = next;
                    hub.Publish(board);
                }

                await NotifyUsersAsync(touched.Values, board, stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The index may be briefly unreachable (Redis in distributed mode); the next change recomputes the
                // whole board, so skipping one window loses nothing but that window's per-user events.
                Log.LiveFeedWindowFailed(logger, ex);
            }
        }
    }

    /// <summary>The board at <paramref name="sequence"/>, or null when its visible rows equal <paramref name="previous"/>'s.</summary>
    private async Task<BoardState?> ComputeAsync(long sequence, BoardState? previous, CancellationToken cancellationToken)
    {
        var top = await index.TopAsync(0, options.Value.BoardSize, cancellationToken);
        var now = clock.GetUtcNow();
        if (previous is null)
        {
            return BoardFrames.Build(sequence, -1, now, top, top);
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
            if (await index.FindAsync(userId, cancellationToken) is { } ranked)
            {
                leavers.Add(ranked);
            }
        }

        return BoardFrames.Build(sequence, previous.Sequence, now, top, [.. moved, .. leavers]);
    }

    private async Task NotifyUsersAsync(IEnumerable<Standing> touched, BoardState board, CancellationToken cancellationToken)
    {
        var onBoard = board.Top.Select(r => r.Standing.UserId).ToHashSet(StringComparer.Ordinal);
        foreach (var standing in touched)
        {
            if (hub.Watching(standing.UserId) is not { } watch || await index.FindAsync(standing.UserId, cancellationToken) is not { } ranked)
            {
                continue;
            }

            var (oldScore, oldRank) = (watch.Score, watch.Rank);
            (watch.Score, watch.Rank) = (ranked.Standing.Score, ranked.Rank);
            LiveHub.SendToUser(watch, WireFormat.Seed002SocketIo,
                BoardFrames.ScoreUpdated(standing.UserId, ranked.Standing.Score, ranked.Standing.Score - (oldScore ?? 0)));
            if (oldRank != ranked.Rank)
            {
                LiveHub.SendToUser(watch, WireFormat.Seed002SocketIo, BoardFrames.RankChanged(standing.UserId, ranked.Rank, oldRank, ranked.Standing.Score));
            }

            // Users on the visible board already had their SCORE_UPDATE broadcast to everyone.
            if (!onBoard.Contains(standing.UserId))
            {
                LiveHub.SendToUser(watch, WireFormat.Seed000, BoardFrames.Seed000Update(ranked, board.Timestamp, board.Sequence));
            }
        }
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
