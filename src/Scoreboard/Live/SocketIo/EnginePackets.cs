using System.Text;

namespace Scoreboard.Live.SocketIo;

/// <summary>
/// Engine.IO v4 and Socket.IO v5 text packets, as pure functions. An Engine.IO packet is a type digit and data
/// (0 open, 1 close, 2 ping, 3 pong, 4 message, 5 upgrade, 6 noop); long-polling payloads join packets with 0x1E.
/// A Socket.IO packet rides in an Engine.IO message: a type digit (0 CONNECT, 1 DISCONNECT, 2 EVENT, 4 CONNECT_ERROR),
/// an optional <c>/namespace,</c> and JSON.
/// </summary>
public static class EnginePackets
{
    public const char Separator = '\u001e';
    public static readonly byte[] Ping = "2"u8.ToArray();
    public static readonly byte[] Noop = "6"u8.ToArray();
    public static readonly byte[] Close = "1"u8.ToArray();

    /// <summary>The open packet the handshake answers with.</summary>
    public static string Open(string sid, bool canUpgrade, int pingIntervalMs, int pingTimeoutMs, int maxPayload) =>
        $$"""0{"sid":"{{sid}}","upgrades":[{{(canUpgrade ? "\"websocket\"" : "")}}],"pingInterval":{{pingIntervalMs}},"pingTimeout":{{pingTimeoutMs}},"maxPayload":{{maxPayload}}}""";

    /// <summary>Socket.IO v5's CONNECT acknowledgement for the default namespace carries the socket's id.</summary>
    public static byte[] ConnectAck(string socketId) => Encoding.UTF8.GetBytes($$"""40{"sid":"{{socketId}}"}""");

    /// <summary>CONNECT_ERROR: the client's <c>connect_error</c> event gets an Error whose message is <paramref name="message"/>.</summary>
    public static byte[] ConnectError(string nsp, string message) =>
        Encoding.UTF8.GetBytes($$"""44{{(nsp == "/" ? "" : nsp + ",")}}{"message":"{{System.Text.Json.JsonEncodedText.Encode(message)}}"}""");

    /// <summary>The JSON data of a Socket.IO packet body (after the optional <c>/namespace,</c>); empty when none.</summary>
    public static string Data(string body) =>
        body.StartsWith('/') ? (body.IndexOf(',') is var comma and >= 0 ? body[(comma + 1)..] : "") : body;

    /// <summary>Splits a long-polling POST body into packets.</summary>
    public static string[] SplitPayload(string body) => body.Split(Separator, StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Joins packets into one long-polling GET reply.</summary>
    public static byte[] JoinPayload(IReadOnlyList<byte[]> packets)
    {
        var length = packets.Sum(p => p.Length) + packets.Count - 1;
        var payload = new byte[Math.Max(length, 0)];
        var at = 0;
        for (var i = 0; i < packets.Count; i++)
        {
            if (i > 0)
            {
                payload[at++] = (byte)Separator;
            }

            packets[i].CopyTo(payload, at);
            at += packets[i].Length;
        }

        return payload;
    }

    /// <summary>The namespace a Socket.IO packet body (after its type digit) names; "/" when it names none.</summary>
    public static string Namespace(string body)
    {
        if (!body.StartsWith('/'))
        {
            return "/";
        }

        var comma = body.IndexOf(',', StringComparison.Ordinal);
        return comma < 0 ? body : body[..comma];
    }
}
