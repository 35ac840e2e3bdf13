using Scoreboard.Scoring.Boards;
using Scoreboard.Storage;

namespace Scoreboard.Reads;

/// <summary>
/// The <c>board</c> (004's paths also <c>boardId</c>) and <c>period</c> query parameters every seed read and live
/// channel takes: <c>global</c> and <c>current</c> when left out, so clients that never name a board see no change.
/// </summary>
public static class BoardQuery
{
    public const string BoardParameter = "board";
    public const string BoardIdParameter = "boardId";
    public const string PeriodParameter = "period";

    /// <summary>The board and period a request names, or the refusal (the codes of the <c>/api/v1/boards</c> reads).</summary>
    public static BoardSelection Resolve(HttpRequest request, BoardRegistry registry, TimeProvider clock, bool takesBoardId = false)
    {
        var query = request.Query;
        var named = query[BoardParameter].ToString();
        if (takesBoardId && query[BoardIdParameter].ToString() is { Length: > 0 } boardId)
        {
            if (named.Length > 0 && named != boardId)
            {
                return BoardSelection.Refused(400, "INVALID_REQUEST", "'board' and 'boardId' name different boards; send one.", BoardParameter);
            }

            named = boardId;
        }

        var period = query[PeriodParameter].ToString();
        return Resolve(named.Length == 0 ? BoardDefinition.GlobalId : named, period.Length == 0 ? null : period, registry.Current, clock.GetUtcNow());
    }

    /// <summary>The selection of board <paramref name="id"/> in <paramref name="period"/> (null: current), as of <paramref name="now"/>.</summary>
    public static BoardSelection Resolve(string id, string? period, BoardSet boards, DateTimeOffset now)
    {
        if (!BoardDocument.IsValidId(id))
        {
            // The code the /api/v1/boards reads give a malformed board id.
            return BoardSelection.Refused(400, "INVALID_BOARD", "A board id is 1–64 of a-z, 0-9, _ and -.", BoardParameter);
        }

        if (boards.Find(id) is not { } board)
        {
            return BoardSelection.Refused(404, "BOARD_NOT_FOUND", $"No board has id '{id}'.", BoardParameter);
        }

        var follows = period is null or "current";
        return BoardPeriods.Resolve(board, period, now, boards.SeasonsOf(id)) switch
        {
            (PeriodLookup.Found, { } window) => new(board, window, new LiveViewKey(id, follows ? null : window.Key), 0, null, null, null),
            (PeriodLookup.Malformed, _) => BoardSelection.Refused(400, "INVALID_PERIOD", $"'{period}' is not a period of board '{id}'.", PeriodParameter),
            _ => BoardSelection.Refused(404, "PERIOD_NOT_FOUND", $"Board '{id}' keeps no period '{period}'.", PeriodParameter),
        };
    }
}

/// <summary>
/// A resolved <c>board</c>/<c>period</c>: the board, the period it names now, and the live view to watch (<c>previous</c>
/// is pinned to the key it names now); or, when <see cref="Status"/> is not 0, why the request is refused.
/// </summary>
public sealed record BoardSelection(
    BoardDefinition Board, PeriodWindow Period, LiveViewKey View, int Status, string? Code, string? Message, string? Field)
{
    public bool IsGlobal => Status == 0 && Board.Id == BoardDefinition.GlobalId;

    public static BoardSelection Refused(int status, string code, string message, string field) => new(null!, null!, default, status, code, message, field);
}
