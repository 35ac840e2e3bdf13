namespace Scoreboard.Scoring.Boards;

/// <summary>What makes a board definition, or a season of one, acceptable.</summary>
internal static class BoardRules
{
    public const int MaxTitleLength = 100;
    public const int MaxKeepPeriods = 1_000;

    public static BoardProblem? Check(BoardDefinition board)
    {
        if (!IsId(board.Id))
        {
            return new("INVALID_BOARD_ID", "Board id must be 1 to 64 characters of a-z, 0-9, '_' and '-'.");
        }

        if (string.IsNullOrWhiteSpace(board.Title) || board.Title.Length > MaxTitleLength)
        {
            return new("INVALID_BOARD", $"Title must be 1 to {MaxTitleLength} characters.");
        }

        if (board.ActionTypes is not { Count: > 0 } || board.ActionTypes.Any(string.IsNullOrWhiteSpace))
        {
            return new("INVALID_BOARD", "actionTypes must list at least one action type, or \"*\" for all.");
        }

        if (board.KeepPeriods is < 1 or > MaxKeepPeriods)
        {
            return new("INVALID_BOARD", $"keepPeriods must be 1 to {MaxKeepPeriods}.");
        }

        if (!Enum.IsDefined(board.Operator) || !Enum.IsDefined(board.Order) || !Enum.IsDefined(board.WeekStart))
        {
            return new("INVALID_BOARD", "operator must be incr, best or latest; order desc or asc; weekStart a day of the week.");
        }

        if (PeriodRules.CheckRule(board.Period) is { } problem)
        {
            return problem;
        }

        return PeriodRules.FindZone(board.TimeZone) is null
            ? new("INVALID_TIME_ZONE", "timeZone must be an IANA time zone name, such as Europe/Berlin.")
            : null;
    }

    public static BoardProblem? CheckSeason(Season season, IReadOnlyList<Season> others)
    {
        // current and previous are what readers ask for instead of a key: a season so named could not be read.
        if (!IsId(season.Id) || season.Id is "current" or "previous")
        {
            return new("INVALID_SEASON", "Season id must be 1 to 64 characters of a-z, 0-9, '_' and '-', and not current or previous.");
        }

        if (SeasonPeriods.Bound(season.EndsAt) <= SeasonPeriods.Bound(season.StartsAt))
        {
            return new("INVALID_SEASON", "A season must end after it starts.");
        }

        var overlapped = others.FirstOrDefault(o => o.Id != season.Id && SeasonPeriods.Overlap(o, season));
        return overlapped is null
            ? null
            : new("INVALID_SEASON", $"The season would overlap season '{overlapped.Id}'; seasons of a board do not overlap.");
    }

    /// <summary><c>[a-z0-9_-]{1,64}</c>: board and season ids.</summary>
    public static bool IsId(string? id) =>
        id is { Length: >= 1 and <= 64 } && id.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_' or '-');
}
