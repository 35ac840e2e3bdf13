namespace Scoreboard.Live;

/// <summary>The live feed and its channels: coalescing window, board size, heartbeats, connection cap, origins.</summary>
public sealed class LiveOptions
{
    public const string Section = "Scoreboard:Live";

    /// <summary>Credits arriving within this window are pushed together (003 asks 500–1000 ms, 004 250 ms).</summary>
    public int WindowMs { get; set; } = 100;

    /// <summary>
    /// Live pushes on or off, read at every connection so it changes without a restart (004 §12): off, every live
    /// channel refuses with 503 LIVE_DISABLED and open connections are closed, so clients fall back to polling.
    /// </summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Rows on the visible board that every channel pushes.</summary>
    public int BoardSize { get; set; } = 10;

    /// <summary>Seconds between heartbeats (WebSocket ping, SSE comment, Engine.IO ping).</summary>
    public int HeartbeatSeconds { get; set; } = 25;

    /// <summary>Seconds a connection may go without answering a heartbeat, or stay blocked on a send, before it is reaped.</summary>
    public int TimeoutSeconds { get; set; } = 20;

    /// <summary>Concurrent live connections of all kinds on this instance (000's maximum); the next one is refused with 503.</summary>
    public int MaxConnections { get; set; } = 10_000;

    /// <summary>
    /// The share of <see cref="MaxConnections"/>, in percent, that one client address may hold (IPv6: one /64), so a
    /// single client cannot fill the cap for everyone; at least one connection. A benchmark from one address raises it.
    /// </summary>
    public int AddressSharePercent { get; set; } = 10;

    /// <summary>Connections one client address may hold: <see cref="AddressSharePercent"/> of the cap, rounded up.</summary>
    public int MaxConnectionsPerAddress => (int)Math.Max(1, ((long)MaxConnections * AddressSharePercent + 99) / 100);

    /// <summary>
    /// Browser origins allowed to open live connections, from <c>CORS_ORIGINS</c> (comma-separated; <c>*</c> allows all).
    /// Empty: same-origin pages only. Requests without an <c>Origin</c> header (non-browser clients) are always allowed.
    /// </summary>
    public string AllowedOrigins { get; set; } = "";

    /// <summary>The embedded demo's "play as a user" endpoint; off unless set (the Demo environment sets it).</summary>
    public bool DemoEnabled { get; set; }
}
