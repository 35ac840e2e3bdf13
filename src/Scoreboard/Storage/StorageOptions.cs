namespace Scoreboard.Storage;

/// <summary>Where the embedded store keeps its data.</summary>
public sealed class StorageOptions
{
    public const string Section = "Scoreboard:Storage";

    /// <summary>Folder of the SQLite database (<c>SCOREBOARD_DATA_DIR</c>); created when missing.</summary>
    public string DataDir { get; set; } = "data";

    /// <summary>Most credits committed in one transaction.</summary>
    public int MaxBatch { get; set; } = 256;

    /// <summary>Most credits waiting for a commit; beyond it credits answer 503 with Retry-After.</summary>
    public int MaxQueue { get; set; } = 10_000;

    public string DatabasePath => Path.Combine(Path.GetFullPath(DataDir), "scoreboard.db");
}
