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
    public static PeriodWindow? At(BoardDefinition board, DateTimeOffset instant, IReadOnlyList<Season> seasons) => board.Period switch
    {
        BoardDefinition.AllTime => PeriodWindow.All,
        PeriodRules.Season => SeasonPeriods.At(instant, seasons),
        _ => PeriodRules.For(board).At(instant),
    };

    /// <summary>
    /// Resolves what a reader asked for: <c>current</c> (also when empty), <c>previous</c>, or a period key, as of
    /// <paramref name="now"/>. Ended periods older than <see cref="BoardDefinition.KeepPeriods"/> are not found.
    /// </summary>
    public static (PeriodLookup Lookup, PeriodWindow? Window) Resolve(
        BoardDefinition board, string? requested, DateTimeOffset now, IReadOnlyList<Season> seasons)
    {
        var current = requested is null or "" or "current";
        if (board.Period == BoardDefinition.AllTime)
        {
            return current || requested == PeriodWindow.All.Key ? (PeriodLookup.Found, PeriodWindow.All) : (PeriodLookup.Malformed, null);
        }

        if (board.Period == PeriodRules.Season)
        {
            return current ? Counted(board, SeasonPeriods.At(now, seasons))
                : requested == "previous" ? Counted(board, SeasonPeriods.EndedBy(SeasonPeriods.At(now, seasons)?.StartsAt ?? now, seasons))
                : BoardRules.IsId(requested) ? Counted(board, SeasonPeriods.Find(requested!, now, board.KeepPeriods, seasons))
                : (PeriodLookup.Malformed, null);
        }

        var rule = PeriodRules.For(board);
        var window = rule.At(now);
        if (current)
        {
            return (PeriodLookup.Found, window);
        }

        if (requested == "previous")
        {
            return Counted(board, rule.Before(window));
        }

        var (lookup, found) = rule.Find(requested!, window, board.KeepPeriods);
        return lookup == PeriodLookup.Found ? Counted(board, found) : (lookup, null);
    }

    /// <summary>The current period and the ended ones still kept, newest first.</summary>
    public static IReadOnlyList<PeriodWindow> Recent(BoardDefinition board, DateTimeOffset now, IReadOnlyList<Season> seasons)
    {
        if (board.Period == BoardDefinition.AllTime)
        {
            return [PeriodWindow.All];
        }

        if (board.Period == PeriodRules.Season)
        {
            return SeasonPeriods.Recent(now, board.KeepPeriods, seasons).Where(w => Counted(board, w).Window is not null).ToList();
        }

        var rule = PeriodRules.For(board);
        var recent = new List<PeriodWindow> { rule.At(now) };
        for (var ended = 1; ended <= board.KeepPeriods; ended++)
        {
            var window = rule.Before(recent[^1]);
            if (Counted(board, window).Window is null)
            {
                break;
            }

            recent.Add(window);
        }

        return recent;
    }

    /// <summary>Null when <paramref name="board"/> is a valid definition; otherwise why not (for a 400 reply).</summary>
    public static BoardProblem? Validate(BoardDefinition board) => BoardRules.Check(board);

    /// <summary>
    /// Null when <paramref name="season"/> may be set on a board whose seasons are <paramref name="others"/> (a season
    /// with the same id is the one being replaced); otherwise why not, with code <c>INVALID_SEASON</c>.
    /// </summary>
    public static BoardProblem? ValidateSeason(Season season, IReadOnlyList<Season> others) => BoardRules.CheckSeason(season, others);

    /// <summary>
    /// A period that ended before the board was created never counted a credit (no backfill): it is not found.
    /// The current period always counts.
    /// </summary>
    private static (PeriodLookup Lookup, PeriodWindow? Window) Counted(BoardDefinition board, PeriodWindow? window) =>
        window is null || (board.CreatedAt != default && window.EndsAt <= board.CreatedAt)
            ? (PeriodLookup.NotFound, null)
            : (PeriodLookup.Found, window);
}

/// <summary>Why a board definition was refused: an error code for the reply and a sentence for its message.</summary>
public sealed record BoardProblem(string Code, string Message);
