using Scoreboard.Ranking;
using Scoreboard.Reads;
using Scoreboard.Replies;
using Scoreboard.Storage;

namespace Scoreboard.Live;

/// <summary>Which board and period a live connection watches, and the baseline of its user's per-user events there.</summary>
internal static class LiveBoards
{
    private const string SelectionItem = "scoreboard.live.board";

    /// <summary>
    /// The board and period the opening request names (<c>board</c>, on 004's channel also <c>boardId</c>, and
    /// <c>period</c>); resolved once per request, so the refusal and the join see the same answer.
    /// </summary>
    public static BoardSelection Select(HttpContext context, WireFormat format)
    {
        if (context.Items[SelectionItem] is BoardSelection known)
        {
            return known;
        }

        var services = context.RequestServices;
        var selection = BoardQuery.Resolve(context.Request, services.GetRequiredService<BoardRegistry>(), services.GetRequiredService<TimeProvider>(),
            takesBoardId: format == WireFormat.Seed004);
        context.Items[SelectionItem] = selection;
        return selection;
    }

    /// <summary>
    /// The board a poller of 002's <c>…/changes</c> asks for: the view the feed keeps (every board's current period
    /// is kept), or, for an explicit period nobody watches live, computed now; or the refusal.
    /// </summary>
    public static async Task<(BoardState? Board, IResult? Refusal)> PolledAsync(HttpContext context, LiveHub hub)
    {
        var selection = Select(context, WireFormat.Seed002SocketIo);
        if (selection.Status != 0)
        {
            return (null, BoardRefusals.Result(Dialect.Seed002, selection));
        }

        if (hub.StateOf(selection.View) is { } kept || selection.View.FollowsCurrent)
        {
            return (hub.StateOf(selection.View), null);
        }

        var services = context.RequestServices;
        var size = services.GetRequiredService<Microsoft.Extensions.Options.IOptions<LiveOptions>>().Value.BoardSize;
        var top = await services.GetRequiredService<BoardReads>().TopAsync(selection.Board, selection.Period.Key, 0, size, context.RequestAborted);
        var sequence = hub.Current?.Sequence ?? 0;
        return (BoardFrames.Build(sequence, -1, services.GetRequiredService<TimeProvider>().GetUtcNow(), top, top, selection.Period), null);
    }

    /// <summary>Sets the baseline for a watched user's score:updated increments and rank:changed's oldRank, on the connection's board.</summary>
    public static async Task WatchAsync(IServiceProvider services, LiveSubscriber subscriber, CancellationToken cancellationToken)
    {
        var view = subscriber.View;
        var boards = services.GetRequiredService<BoardRegistry>().Current;
        if (subscriber.UserId is not { } userId || view.Watching(userId) is not { Score: null } watch || boards.Find(view.Key.BoardId) is not { } board)
        {
            return;
        }

        var period = view.Key.PeriodKey ?? Scoring.Boards.BoardPeriods.At(board, services.GetRequiredService<TimeProvider>().GetUtcNow(), boards.SeasonsOf(board.Id))?.Key;
        if (period is not null && await services.GetRequiredService<BoardReads>().FindAsync(board, period, userId, cancellationToken) is { } ranked)
        {
            lock (watch)
            {
                (watch.Score, watch.Rank) = (ranked.Standing.Score, ranked.Rank);
            }
        }
    }
}
