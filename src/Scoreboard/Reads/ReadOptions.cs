namespace Scoreboard.Reads;

/// <summary>The cache of serialized board reads: its bound in bytes, and how long an entry may be served without a change.</summary>
public sealed class ReadOptions
{
    public const string Section = "Scoreboard:Reads";

    /// <summary>Bytes the cached replies may hold in all (bodies, ETags and bookkeeping); least recently used go first.</summary>
    public long CacheBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>
    /// Milliseconds an entry is served at most, changed or not: a safety net for what the bus does not announce per
    /// board (an admin reversal, a message lost while Redis was away).
    /// </summary>
    public int MaxAgeMs { get; set; } = 1000;

    /// <summary>The live feed's coalescing window, which cached replies tell a CDN to keep (set from the live settings).</summary>
    internal int WindowMs { get; set; } = 100;
}
