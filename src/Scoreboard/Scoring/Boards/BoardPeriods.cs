namespace Scoreboard.Scoring.Boards;

/// <summary>What a period key given by a caller names.</summary>
public enum PeriodLookup
{
    /// <summary>A period of the board: see the window.</summary>
    Found,

    /// <summary>Not a key this board's period rule can produce (400 <c>INVALID_PERIOD</c>).</summary>
    Malformed,

    /// <summary>Well formed, but pruned, in the future, or no such season (404 <c>PERIOD_NOT_FOUND</c>).</summary>
    NotFound,
}

/// <summary>
/// Periods as a pure function of time: the period a credit falls in is derived from its commit time in the board's
/// own zone, so nothing moves data at a boundary.
/// </summary>
public static class BoardPeriods
{
    /// <summary>The period containing <paramref name="instant"/>; null when none does (a season board between seasons).</summary>
    public static PeriodWindow? At(BoardDefinition board, DateTimeOffset instant, IReadOnlyList<Season> seasons) =>
        board.Period == BoardDefinition.AllTime ? PeriodWindow.All : throw new NotSupportedException($"Period '{board.Period}' is not supported yet.");

    /// <summary>
    /// Resolves what a reader asked for: <c>current</c> (also when empty), <c>previous</c>, or a period key, as of
    /// <paramref name="now"/>. Ended periods older than <see cref="BoardDefinition.KeepPeriods"/> are not found.
    /// </summary>
    public static (PeriodLookup Lookup, PeriodWindow? Window) Resolve(
        BoardDefinition board, string? requested, DateTimeOffset now, IReadOnlyList<Season> seasons)
    {
        if (board.Period != BoardDefinition.AllTime)
        {
            throw new NotSupportedException($"Period '{board.Period}' is not supported yet.");
        }

        return requested is null or "" or "current" or "all" ? (PeriodLookup.Found, PeriodWindow.All) : (PeriodLookup.Malformed, null);
    }

    /// <summary>The current period and the ended ones still kept, newest first.</summary>
    public static IReadOnlyList<PeriodWindow> Recent(BoardDefinition board, DateTimeOffset now, IReadOnlyList<Season> seasons) =>
        board.Period == BoardDefinition.AllTime ? [PeriodWindow.All] : throw new NotSupportedException($"Period '{board.Period}' is not supported yet.");

    /// <summary>Null when <paramref name="board"/> is a valid definition; otherwise why not (for a 400 reply).</summary>
    public static BoardProblem? Validate(BoardDefinition board) =>
        board.Period == BoardDefinition.AllTime ? null : new("INVALID_PERIOD_RULE", $"Period '{board.Period}' is not supported yet.");
}

/// <summary>Why a board definition was refused: an error code for the reply and a sentence for its message.</summary>
public sealed record BoardProblem(string Code, string Message);
