namespace Scoreboard.Live;

/// <summary>The message shapes the channels speak; each board is serialized once per format.</summary>
public enum WireFormat
{
    /// <summary>000 <c>WS /ws/leaderboard</c>: a full state on connect, then <c>SCORE_UPDATE</c> per changed row.</summary>
    Seed000,

    /// <summary>001 <c>GET /leaderboard/stream</c>: SSE <c>leaderboard_update</c> events.</summary>
    Seed001Sse,

    /// <summary>002 Socket.IO: Engine.IO message packets carrying <c>leaderboard:update</c>.</summary>
    Seed002SocketIo,

    /// <summary>003 <c>public:leaderboard</c> over WebSocket.</summary>
    Seed003,

    /// <summary>003 <c>public:leaderboard</c> over SSE.</summary>
    Seed003Sse,

    /// <summary>004 <c>WS /ws/scoreboard</c>: <c>scoreboard_snapshot</c>, then <c>scoreboard_update</c>.</summary>
    Seed004,
}

/// <summary>What the live metrics tag a wire format with.</summary>
public static class WireFormats
{
    /// <summary>The transport a wire format travels on: the tag of the live metrics.</summary>
    public static string Transport(this WireFormat format) => format switch
    {
        WireFormat.Seed001Sse or WireFormat.Seed003Sse => "sse",
        WireFormat.Seed002SocketIo => "socket.io",
        _ => "websocket",
    };
}
