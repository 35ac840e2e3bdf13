using System.Net.WebSockets;
using System.Text;
using Microsoft.Extensions.Options;
using Scoreboard.Live.Transports;
using Scoreboard.Reads;

namespace Scoreboard.Live.SocketIo;

/// <summary>
/// 002's Socket.IO endpoint at <c>/socket.io/</c>: the Engine.IO v4 handshake over HTTP long-polling, the upgrade
/// to WebSocket (probe, then upgrade), or WebSocket from the start. The default namespace only; the server
/// sends <c>leaderboard:update</c> to every socket and <c>rank:changed</c> / <c>score:updated</c> to the user's own.
/// </summary>
internal static class SocketIoChannel
{
    public const string Path = "/socket.io/";
    private const int MaxPayload = 64 * 1024;

    public static void MapSocketIo(this IEndpointRouteBuilder app)
    {
        const string How = "Engine.IO v4 under Socket.IO v5 (002): query EIO=4, transport=polling or websocket, and the session's sid after the handshake. "
            + "Use a Socket.IO client; the events are described at the top of this document. Refusals are Engine.IO's {code, message}.";
        app.MapGet(Path, GetAsync).WithTags("Seed 002").WithSummary("Socket.IO: handshake, long-polling reads, or WebSocket upgrade").TakesBoard()
            .WithDescription(How).Produces(StatusCodes.Status200OK, typeof(string), "text/plain").Produces(StatusCodes.Status400BadRequest);
        app.MapPost(Path, PostAsync).WithTags("Seed 002").WithSummary("Socket.IO: long-polling writes")
            .WithDescription(How).Produces(StatusCodes.Status200OK, typeof(string), "text/plain")
            .Produces(StatusCodes.Status400BadRequest).Produces(StatusCodes.Status413PayloadTooLarge);
    }

    private static async Task GetAsync(HttpContext context, EngineIoSessions sessions)
    {
        var query = context.Request.Query;
        if (query["EIO"] != "4")
        {
            await RefuseAsync(context, 5, "Unsupported protocol version");
            return;
        }

        var sid = query["sid"].ToString();
        var transport = query["transport"].ToString();
        if (transport == "websocket" && context.WebSockets.IsWebSocketRequest)
        {
            await WebSocketAsync(context, sessions, sid.Length == 0 ? null : sessions.Find(sid), sid.Length == 0);
        }
        else if (transport != "polling")
        {
            await RefuseAsync(context, 0, "Transport unknown");
        }
        else if (sid.Length == 0)
        {
            await HandshakeAsync(context, sessions);
        }
        else if (sessions.Find(sid) is { Upgraded: false } session)
        {
            await PollAsync(context, session);
        }
        else
        {
            await RefuseAsync(context, 1, "Session ID unknown");
        }
    }

    private static async Task HandshakeAsync(HttpContext context, EngineIoSessions sessions)
    {
        if (await LiveConnections.JoinAsync(context, WireFormat.Seed002SocketIo) is not { } subscriber)
        {
            return;
        }

        var session = sessions.Open(subscriber);
        await WriteTextAsync(context, Encoding.UTF8.GetBytes(OpenPacket(session, sessions, canUpgrade: true)));
    }

    private static async Task PollAsync(HttpContext context, EngineIoSession session)
    {
        if (!await session.Poll.WaitAsync(0))
        {
            await RefuseAsync(context, 3, "Bad request");
            return;
        }

        session.PollStarted();
        try
        {
            var packets = await session.Subscriber.NextAsync(context.RequestAborted);
            await WriteTextAsync(context, packets.Count == 0 ? EnginePackets.Close : EnginePackets.JoinPayload(packets));
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            session.PollEnded(DateTimeOffset.UtcNow);
            session.Poll.Release();
        }
    }

    private static async Task PostAsync(HttpContext context, EngineIoSessions sessions)
    {
        if (sessions.Find(context.Request.Query["sid"].ToString()) is not { Upgraded: false } session)
        {
            await RefuseAsync(context, 1, "Session ID unknown");
            return;
        }

        if (context.Request.ContentLength > MaxPayload)
        {
            context.Response.StatusCode = 413;
            return;
        }

        if (!await session.Post.WaitAsync(0))
        {
            await RefuseAsync(context, 3, "Bad request");
            return;
        }

        try
        {
            // Content-Length is absent from a chunked body: the limit is on the bytes read, and nothing is handled
            // until the whole body is known to be within it.
            if (await BoundedBody.ReadAsync(context.Request.Body, MaxPayload, context.RequestAborted) is not { } body)
            {
                context.Response.StatusCode = 413;
                return;
            }

            foreach (var packet in EnginePackets.SplitPayload(body))
            {
                if (!await SocketIoPackets.HandleAsync(packet, session, sessions, context.RequestAborted))
                {
                    break;
                }
            }
        }
        finally
        {
            session.Post.Release();
        }

        await WriteTextAsync(context, "ok"u8.ToArray());
    }

    private static async Task WebSocketAsync(HttpContext context, EngineIoSessions sessions, EngineIoSession? session, bool fresh)
    {
        if (!fresh && session is not { Upgraded: false })
        {
            await RefuseAsync(context, 1, "Session ID unknown");
            return;
        }

        if (!LiveOrigins.Allows(context.Request, context.RequestServices.GetRequiredService<IOptions<LiveOptions>>().Value.AllowedOrigins))
        {
            await LiveConnections.RefuseAsync(context, 403, "ORIGIN_NOT_ALLOWED", "This page's origin may not open live connections (see CORS_ORIGINS).");
            return;
        }

        if (fresh)
        {
            if (await LiveConnections.JoinAsync(context, WireFormat.Seed002SocketIo) is not { } subscriber)
            {
                return;
            }

            session = sessions.Open(subscriber);
            session.TryUpgrade();
        }

        try
        {
            using var socket = await context.WebSockets.AcceptWebSocketAsync();
            var connection = new EngineWebSocket(socket, session!, sessions);
            if (fresh)
            {
                await connection.SendTextAsync(OpenPacket(session!, sessions, canUpgrade: false), context.RequestAborted);
            }
            else if (!await connection.UpgradeAsync(context.RequestAborted))
            {
                return;
            }

            await connection.RunAsync(context.RequestAborted);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException)
        {
        }
        finally
        {
            sessions.Close(session!);
        }
    }

    private static string OpenPacket(EngineIoSession session, EngineIoSessions sessions, bool canUpgrade) =>
        EnginePackets.Open(session.Sid, canUpgrade, (int)sessions.PingInterval.TotalMilliseconds, (int)sessions.PingTimeout.TotalMilliseconds, MaxPayload);

    private static async Task WriteTextAsync(HttpContext context, byte[] body)
    {
        context.Response.ContentType = "text/plain; charset=UTF-8";
        context.Response.Headers.CacheControl = "no-store";
        await context.Response.Body.WriteAsync(body, context.RequestAborted);
    }

    /// <summary>Engine.IO's error reply: 400 with a numeric code and message.</summary>
    private static Task RefuseAsync(HttpContext context, int code, string message)
    {
        context.Response.StatusCode = 400;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync($$"""{"code":{{code}},"message":"{{message}}"}""", context.RequestAborted);
    }
}
