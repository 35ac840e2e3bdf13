using System.Text.Json;
using Microsoft.Extensions.Options;
using Scoreboard.Diagnostics;
using Scoreboard.Ranking;
using Microsoft.AspNetCore.Authentication;
using Scoreboard.Replies;
using Scoreboard.Security.Tokens;

namespace Scoreboard.Live.Transports;

/// <summary>What every live channel decides the same way when a connection opens: who it is, whether it may, and joining.</summary>
internal static class LiveConnections
{
    public const string UserIdParameter = "userId";

    /// <summary>
    /// Who this connection is, for per-user events: the subject of a valid user token (<c>Authorization: Bearer</c>,
    /// or <c>?access_token=</c>, which every live channel takes since browsers cannot set headers on them), never a
    /// bare parameter. A <c>userId</c> parameter is accepted only when it names the token's own user; otherwise the
    /// refusal says why. When reads require a token, a connection without one is refused here too.
    /// </summary>
    public static async Task<Identity> IdentifyAsync(HttpContext context)
    {
        var result = await context.AuthenticateAsync(UserTokens.Scheme);
        var subject = result.Succeeded ? UserTokens.UserOf(result.Principal!).UserId : null;
        if (result.Failure is null && subject is null && context.Request.Query["access_token"] is [{ Length: > 0 } query])
        {
            // Engine.IO's long-polling handshake is neither a WebSocket nor an event stream, so JwtBearer skips its query.
            subject = (await TokenCheck.ValidateAsync(context.RequestServices, query, context.RequestAborted))?.UserId;
            result = subject is null ? AuthenticateResult.Fail("invalid access_token") : result;
        }

        if (result.Failure is not null)
        {
            return new(null, 401, "UNAUTHORIZED", "The user token is not valid (expired, altered or from an untrusted issuer); connect without it or with a fresh one.");
        }

        if (subject is null && context.RequestServices.GetRequiredService<IOptions<UserTokenOptions>>().Value.RequireForReads)
        {
            return new(null, 401, "UNAUTHORIZED", "A user token is required: send Authorization: Bearer <JWT> or ?access_token=<JWT>.");
        }

        if (context.Request.Query[UserIdParameter].ToString() is { Length: > 0 } asked && asked != subject)
        {
            return new(null, 400, "INVALID_REQUEST", subject is null
                ? "userId is not accepted on its own: personal events follow the user token (Authorization: Bearer or ?access_token=)."
                : "userId does not match the user token's subject; leave it out.");
        }

        return new(subject, 0, null, null);
    }

    /// <summary>Joins the hub, or writes the refusal and returns null.</summary>
    public static async Task<LiveSubscriber?> JoinAsync(HttpContext context, WireFormat format)
    {
        var services = context.RequestServices;
        var options = services.GetRequiredService<IOptions<LiveOptions>>().Value;
        var identity = await IdentifyAsync(context);
        if (identity.Code is { } code)
        {
            if (identity.Status == 401)
            {
                context.Response.Headers.WWWAuthenticate = "Bearer";
            }

            await RefuseAsync(context, identity.Status, code, identity.Message!);
            return null;
        }

        var userId = identity.UserId;
        if (!LiveOrigins.Allows(context.Request, options.AllowedOrigins))
        {
            await RefuseAsync(context, 403, "ORIGIN_NOT_ALLOWED", "This page's origin may not open live connections (see CORS_ORIGINS).");
            return null;
        }

        if (LiveBoards.Select(context, format) is { Status: not 0 } refused)
        {
            await RefuseAsync(context, refused.Status, refused.Code!, refused.Message!);
            return null;
        }

        var hub = services.GetRequiredService<LiveHub>();
        var (subscriber, refusal) = await hub.JoinAsync(format, userId, ClientAddress.Of(context.Connection.RemoteIpAddress), context.RequestAborted,
            LiveBoards.Select(context, format).View);
        if (subscriber is null)
        {
            context.Response.Headers.RetryAfter = "5";
            if (refusal == JoinRefusal.AddressShare)
            {
                // Not logged: one client filling its own share is routine, and logging it would let that client fill the log.
                await RefuseAsync(context, 429, "TOO_MANY_CONNECTIONS",
                    $"This client address holds its share of {options.MaxConnectionsPerAddress} live connections; close one or retry later.");
                return null;
            }

            Log.LiveConnectionRefused(services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(LiveHub)), options.MaxConnections);
            await RefuseAsync(context, 503, "TOO_MANY_CONNECTIONS", $"This board holds its maximum of {options.MaxConnections} live connections; retry later.");
            return null;
        }

        if (userId is not null)
        {
            await LiveBoards.WatchAsync(services, subscriber, context.RequestAborted);
        }

        await LiveScope.ReleaseAsync(context);
        return subscriber;
    }

    /// <summary>The connection's user (null: anonymous), or the refusal to send.</summary>
    public readonly record struct Identity(string? UserId, int Status, string? Code, string? Message);

    public static Task RefuseAsync(HttpContext context, int status, string code, string message)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        var body = JsonSerializer.SerializeToUtf8Bytes(new LiveRefusal(new ErrorBody(code, message, [])), LiveJson.Default.LiveRefusal);
        return context.Response.Body.WriteAsync(body, context.RequestAborted).AsTask();
    }
}
