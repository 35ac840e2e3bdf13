using Scoreboard.Scoring.Boards;

namespace Scoreboard.Reads;

/// <summary>What a live connection watches: one board, in one period (<c>PeriodKey</c> null: whichever is current).</summary>
public readonly record struct LiveViewKey(string BoardId, string? PeriodKey)
{
    /// <summary>The board every seed channel showed before boards existed, and still shows without <c>board</c>.</summary>
    public static LiveViewKey Global { get; } = new(BoardDefinition.GlobalId, null);

    public bool FollowsCurrent => PeriodKey is null;
}
