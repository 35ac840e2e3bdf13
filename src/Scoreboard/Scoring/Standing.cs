namespace Scoreboard.Scoring;

/// <summary>One user's place on the board: total, and the ledger position at which that total was reached.</summary>
/// <param name="ReachedAt">Ledger event id that produced the current total; a smaller value reached the score earlier.</param>
public sealed record Standing(string UserId, string? DisplayName, long Score, long ReachedAt, DateTimeOffset UpdatedAt)
{
    /// <summary>The name to show: the display name when known, otherwise the user id.</summary>
    public string Name => DisplayName ?? UserId;
}

/// <summary>A standing with its 1-based rank.</summary>
public readonly record struct RankedStanding(long Rank, Standing Standing);
