using System.Text.Json;
using Microsoft.Extensions.Options;
using Scoreboard.Diagnostics;
using Scoreboard.Dialects;
using Scoreboard.Ranking;
using Scoreboard.Scoring;

namespace Scoreboard.Live.Transports;

/// <summary>What every live channel decides the same way when a connection opens: who it is, whether it may, and joining.</summary>
internal static class LiveConnections
{
    public const string UserIdParameter = "userId";

    /// <summary>
    /// Who this connection is, for per-user events. For now the unauthenticated <c>userId</c> query parameter, which
    /// only selects whose notifications a connection receives (all of them public board data); this is the one place
    /// to switch to a verified token's subject.
    /// </summary>
    public static bool TryIdentify(HttpContext context, out string? userId)
    {
        userId = context.Request.Query[UserIdParameter].ToString() is { Length: > 0 } text ? text : null;
        return userId is null || Ids.IsValidUserId(userId);
    }

    /// <summary>Joins the hub, or writes the refusal and returns null.</summary>
    public static async Task<LiveSubscriber?> JoinAsync(HttpContext context, WireFormat format)
    {
        var services = context.RequestServices;
        var options = services.GetRequiredService<IOptions<LiveOptions>>().Value;
        if (!TryIdentify(context, out var userId))
        {
            await RefuseAsync(context, 400, "INVALID_REQUEST", Requests.UserIdMessage);
            return null;
        }

        if (!LiveOrigins.Allows(context.Request, options.AllowedOrigins))
        {
            await RefuseAsync(context, 403, "ORIGIN_NOT_ALLOWED", "This page's origin may not open live connections (see CORS_ORIGINS).");
            return null;
        }

        var hub = services.GetRequiredService<LiveHub>();
        if (hub.TryJoin(format, userId) is not { } subscriber)
        {
            Log.LiveConnectionRefused(services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(LiveHub)), options.MaxConnections);
            context.Response.Headers.RetryAfter = "5";
            await RefuseAsync(context, 503, "TOO_MANY_CONNECTIONS", $"This server holds its maximum of {options.MaxConnections} live connections; retry later.");
            return null;
        }

        if (userId is not null && hub.Watching(userId) is { Score: null } watch
            && await services.GetRequiredService<IRankIndex>().FindAsync(userId, context.RequestAborted) is { } ranked)
        {
            // The baseline for score:updated increments and rank:changed's oldRank.
            (watch.Score, watch.Rank) = (ranked.Standing.Score, ranked.Rank);
        }

        return subscriber;
    }

    public static Task RefuseAsync(HttpContext context, int status, string code, string message)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        var body = JsonSerializer.SerializeToUtf8Bytes(new LiveRefusal(new ErrorBody(code, message, [])), LiveJson.Default.LiveRefusal);
        return context.Response.Body.WriteAsync(body, context.RequestAborted).AsTask();
    }
}
