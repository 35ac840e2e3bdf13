using System.Text;

namespace Scoreboard.Live.SocketIo;

/// <summary>What the server does with each packet a client sends, whichever transport carried it.</summary>
internal static class SocketIoPackets
{
    /// <summary>Handles one Engine.IO packet; false when the session ended.</summary>
    public static bool Handle(string packet, EngineIoSession session, EngineIoSessions sessions)
    {
        switch (packet[0])
        {
            case '1':
                sessions.Close(session);
                return false;
            case '2':
                // Engine.IO v3 clients ping; answering costs nothing.
                session.Subscriber.EnqueueControl(Encoding.UTF8.GetBytes("3" + packet[1..]));
                return true;
            case '3':
                session.PongReceived();
                return true;
            case '4' when packet.Length > 1:
                return HandleSocketIo(packet[1], packet[2..], session, sessions);
            default:
                return true;
        }
    }

    private static bool HandleSocketIo(char type, string body, EngineIoSession session, EngineIoSessions sessions)
    {
        var nsp = EnginePackets.Namespace(body);
        switch (type)
        {
            case '0' when nsp == "/":
                // The acknowledgement is queued before the board, so the client sees "connect" first.
                session.Subscriber.EnqueueControl(EnginePackets.ConnectAck(EngineIoSessions.NewId()));
                session.Subscriber.Activate();
                return true;
            case '0':
                session.Subscriber.EnqueueControl(EnginePackets.ConnectError(nsp, "Invalid namespace"));
                return true;
            case '1' when nsp == "/":
                sessions.Close(session);
                return false;
            default:
                // Client events are not part of 002's protocol; they are ignored.
                return true;
        }
    }
}
