using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Scoreboard.Ranking;
using Scoreboard.Scoring;
using Scoreboard.Security.Tokens;

namespace Scoreboard.Reads;

/// <summary>
/// Serves a visible window of a board (offset 0, up to 100 rows) from the <see cref="ReadCache"/>: the same bytes for
/// every reader until the board changes, with an ETag (board, period key, sequence and a digest of the bytes),
/// <c>If-None-Match</c> → 304, and <c>Cache-Control</c> letting a CDN keep it for the live feed's window.
/// </summary>
public static class CachedReads
{
    public const int MaxCachedLimit = 100;

    /// <summary>The reply to a read of <paramref name="selection"/>'s top <paramref name="limit"/> rows.</summary>
    /// <param name="reply">
    /// The reply for rows read at a time (an object the HTTP JSON options serialize, or bytes); its last argument says
    /// whether it will be served from the cache.
    /// </param>
    /// <param name="userOnly">The endpoint always requires a user token (000's leaderboard): never <c>public</c>.</param>
    public static async Task<IResult> TopAsync(
        HttpContext context, BoardSelection selection, ReadShape shape, int limit,
        Func<IReadOnlyList<RankedStanding>, DateTimeOffset, bool, object> reply, bool userOnly = false)
    {
        var services = context.RequestServices;
        var cache = services.GetRequiredService<ReadCache>();
        var key = new ReadKey(selection.Board.Id, selection.Period.Key, shape, limit);
        var entry = cache.Find(key);
        var body = entry?.Body;
        if (entry is null)
        {
            // The generation is read before the rows, so a change landing meanwhile makes this entry stale at once.
            var generation = cache.Generation(key.Board);
            var sequence = cache.Sequence;
            var top = await services.GetRequiredService<BoardReads>().TopAsync(selection.Board, key.Period, 0, limit, context.RequestAborted);
            var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
            var cached = Serialize(services, reply(top, now, true));
            entry = new CachedReply(cached, ETag(key, sequence, cached), generation, now.UtcTicks);
            cache.Store(key, entry);
            body = Serialize(services, reply(top, now, false));
        }

        var response = context.Response;
        response.Headers.ETag = entry.ETag;
        response.Headers.CacheControl = CacheControl(services, userOnly);
        if (Matches(context.Request.Headers.IfNoneMatch, entry.ETag))
        {
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        }

        return TypedResults.Bytes(body!, "application/json; charset=utf-8");
    }

    /// <summary>True for a window the cache serves: offset 0 and at most <see cref="MaxCachedLimit"/> rows.</summary>
    public static bool Serves(int offset, int limit) => offset == 0 && limit <= MaxCachedLimit;

    private static byte[] Serialize(IServiceProvider services, object value)
    {
        if (value is byte[] serialized)
        {
            return serialized;
        }

        // The HTTP JSON options, so the bytes equal what the endpoint answered before it was cached.
        var json = services.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
        return JsonSerializer.SerializeToUtf8Bytes(value, json.GetTypeInfo(value.GetType()));
    }

    /// <summary>Board, period key and sequence, so a rollover or a change never matches an old tag; the digest tells apart instances' bytes.</summary>
    private static string ETag(ReadKey key, long sequence, byte[] body)
    {
        var digest = Convert.ToHexStringLower(SHA256.HashData(body).AsSpan(0, 8));
        return $"\"{key.Board}.{key.Period}.{sequence}.{digest}\"";
    }

    private static string CacheControl(IServiceProvider services, bool userOnly)
    {
        var window = services.GetRequiredService<IOptions<ReadOptions>>().Value.WindowMs;
        var seconds = Math.Max(1, window / 1000);
        var restricted = userOnly || services.GetRequiredService<IOptions<UserTokenOptions>>().Value.RequireForReads;
        return $"{(restricted ? "private" : "public")}, max-age={seconds}";
    }

    private static bool Matches(Microsoft.Extensions.Primitives.StringValues header, string etag)
    {
        foreach (var value in header)
        {
            foreach (var part in (value ?? "").Split(','))
            {
                var tag = part.Trim();
                if (tag == "*" || tag == etag || (tag.StartsWith("W/", StringComparison.Ordinal) && tag[2..] == etag))
                {
                    return true;
                }
            }
        }

        return false;
    }
}
