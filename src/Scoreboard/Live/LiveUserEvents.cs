using Scoreboard.Ranking;
using Scoreboard.Scoring;
using Scoreboard.Scoring.Boards;

namespace Scoreboard.Live;

/// <summary>Per-user events of one view: 002's <c>score:updated</c> and <c>rank:changed</c>, 000's own <c>SCORE_UPDATE</c>.</summary>
internal static class LiveUserEvents
{
    public static async Task NotifyAsync(
        LiveView view, BoardDefinition board, string period, IEnumerable<Standing> touched, BoardReads reads, CancellationToken cancellationToken)
    {
        if (view.Current is not { } shown)
        {
            return;
        }

        var onBoard = shown.Top.Select(r => r.Standing.UserId).ToHashSet(StringComparer.Ordinal);
        foreach (var standing in touched)
        {
            if (view.Watching(standing.UserId) is not { } watch || await reads.FindAsync(board, period, standing.UserId, cancellationToken) is not { } ranked)
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
                LiveHub.SendToUser(watch, WireFormat.Seed000, BoardFrames.Seed000Update(ranked, shown.Timestamp, shown.Sequence));
            }
        }
    }
}
