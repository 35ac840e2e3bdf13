using System.Globalization;
using System.Text.Json;
using Scoreboard.Replies;

namespace Scoreboard.Live.Transports;

/// <summary>002 §6.3's polling fallback: whether the visible board changed since a time, and the board when it did.</summary>
internal static class PollingChannel
{
    public static async Task<IResult> ChangesAsync(string? since, LiveHub hub, HttpContext context)
    {
        DateTimeOffset? after = null;
        if (since is not null)
        {
            if (!DateTimeOffset.TryParse(since, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
            {
                return ApiErrors.Result(Dialect.Seed002, Failure.InvalidRequest, "'since' must be an ISO 8601 time such as 2025-10-17T10:30:01.000Z.",
                    new() { ["field"] = "since" });
            }

            after = parsed;
        }

        var (polled, refused) = await LiveBoards.PolledAsync(context, hub);
        if (refused is not null)
        {
            return refused;
        }

        if (polled is not { } board)
        {
            context.Response.Headers.RetryAfter = "1";
            return ApiErrors.Result(Dialect.Seed002, Failure.StoreUnavailable, "The board is still loading; retry shortly.");
        }

        context.Response.Headers.CacheControl = "no-store";
        if (after is null || Truncate(board.Timestamp) > after.Value)
        {
            // The same bytes for every poller of this board.
            context.Response.ContentType = "application/json; charset=utf-8";
            await context.Response.Body.WriteAsync(board.PollingReply, context.RequestAborted);
            return TypedResults.Empty;
        }

        var unchanged = new Envelope<Seed002Changes>(true, new(false, null, board.Timestamp, board.Sequence));
        return TypedResults.Json(unchanged, LiveJson.Default.EnvelopeSeed002Changes);
    }

    /// <summary><c>lastUpdated</c> is written to the millisecond, so a client echoing it back must compare equal.</summary>
    private static DateTimeOffset Truncate(DateTimeOffset time) =>
        new(time.Ticks - (time.Ticks % TimeSpan.TicksPerMillisecond), time.Offset);
}
