using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Scoreboard.Live.Transports;
using Scoreboard.Security.Tokens;

namespace Scoreboard.Live.SocketIo;

/// <summary>What the server does with each packet a client sends, whichever transport carried it.</summary>
internal static class SocketIoPackets
{
    /// <summary>Handles one Engine.IO packet; false when the session ended.</summary>
    public static async ValueTask<bool> HandleAsync(string packet, EngineIoSession session, EngineIoSessions sessions, CancellationToken cancellationToken)
    {
        switch (packet[0])
        {
            case '1':
                sessions.Close(session);
                return false;
            case '2':
                // Engine.IO v3 clients ping. The pong waits in the session's bounded queue until a poll collects it.
                return Send(Encoding.UTF8.GetBytes("3" + packet[1..]), session, sessions);
            case '3':
                session.PongReceived();
                return true;
            case '4' when packet.Length > 1:
                return await HandleSocketIoAsync(packet[1], packet[2..], session, sessions, cancellationToken);
            default:
                return true;
        }
    }

    private static async ValueTask<bool> HandleSocketIoAsync(char type, string body, EngineIoSession session, EngineIoSessions sessions, CancellationToken cancellationToken)
    {
        var nsp = EnginePackets.Namespace(body);
        switch (type)
        {
            case '0' when nsp == "/":
                if (await AuthenticateAsync(EnginePackets.Data(body), session, sessions, cancellationToken) is { } refusal)
                {
                    return Send(EnginePackets.ConnectError(nsp, refusal), session, sessions);
                }

                // The board may also be named in auth ({ board, period }), where the handshake's query did not reach it.
                if (SocketIoBoard.Choose(EnginePackets.Data(body), session.Subscriber, sessions) is { } badBoard)
                {
                    return Send(EnginePackets.ConnectError(nsp, badBoard), session, sessions);
                }

                // The acknowledgement is queued before the board, so the client sees "connect" first.
                if (!Send(EnginePackets.ConnectAck(EngineIoSessions.NewId()), session, sessions))
                {
                    return false;
                }

                session.Subscriber.Activate();
                return true;
            case '0':
                return Send(EnginePackets.ConnectError(nsp, "Invalid namespace"), session, sessions);
            case '1' when nsp == "/":
                sessions.Close(session);
                return false;
            default:
                // Client events are not part of 002's protocol; they are ignored.
                return true;
        }
    }

    /// <summary>Queues a packet for the client; false (and the session closed) when its queue would pass its bound.</summary>
    public static bool Send(byte[] packet, EngineIoSession session, EngineIoSessions sessions)
    {
        if (session.Subscriber.EnqueueControl(packet))
        {
            return true;
        }

        sessions.Close(session);
        return false;
    }

    /// <summary>
    /// 002 §6.1's authentication message: CONNECT's <c>auth</c> payload (<c>{ token }</c>) is a user token, checked
    /// like a Bearer header; its subject receives <c>rank:changed</c> and <c>score:updated</c>. Returns why the
    /// connect is refused, or null.
    /// </summary>
    private static async Task<string?> AuthenticateAsync(string data, EngineIoSession session, EngineIoSessions sessions, CancellationToken cancellationToken)
    {
        var subscriber = session.Subscriber;
        if (TokenOf(data) is not { } token)
        {
            var required = sessions.Services.GetRequiredService<IOptions<UserTokenOptions>>().Value.RequireForReads;
            return required && subscriber.UserId is null ? "A user token is required: connect with auth: { token: \"<JWT>\" }." : null;
        }

        if (await TokenCheck.ValidateAsync(sessions.Services, token, cancellationToken) is not { } user)
        {
            return "The user token is not valid (expired, altered or from an untrusted issuer).";
        }

        if (subscriber.UserId is { } current)
        {
            return current == user.UserId ? null : "The auth token names another user than this connection's Authorization header.";
        }

        sessions.Hub.Identify(subscriber, user.UserId);
        await LiveBoards.WatchAsync(sessions.Services, subscriber, cancellationToken);
        return null;
    }

    /// <summary>The <c>token</c> of CONNECT's auth object (a <c>Bearer </c> prefix is tolerated); null when absent.</summary>
    private static string? TokenOf(string data)
    {
        if (data.Length == 0)
        {
            return null;
        }

        try
        {
            using var json = JsonDocument.Parse(data);
            if (json.RootElement.ValueKind == JsonValueKind.Object
                && json.RootElement.TryGetProperty("token", out var token) && token.ValueKind == JsonValueKind.String
                && token.GetString() is { Length: > 0 } text)
            {
                return text.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? text[7..].Trim() : text;
            }
        }
        catch (JsonException)
        {
            // Not JSON: no token.
        }

        return null;
    }
}
