using Scoreboard.ApiDocs;

namespace Scoreboard.Reads;

/// <summary>The <see cref="BoardQuery"/> parameters in the OpenAPI document of every read and live channel that takes them.</summary>
public static class BoardQueryDocs
{
    /// <param name="takesBoardId">004's paths also take the board as <c>boardId</c> (its §12 name).</param>
    public static TBuilder TakesBoard<TBuilder>(this TBuilder builder, bool takesBoardId = false)
        where TBuilder : IEndpointConventionBuilder
    {
        builder.Query(BoardQuery.BoardParameter, "The board's id (1–64 of a-z, 0-9, _ and -); `global` when left out. Unknown: 404 BOARD_NOT_FOUND; malformed: 400 INVALID_BOARD.");
        if (takesBoardId)
        {
            builder.Query(BoardQuery.BoardIdParameter, "The board's id under 004's name; the same as `board`, and 400 when both name different boards.");
        }

        return builder.Query(BoardQuery.PeriodParameter, "`current` (when left out), `previous`, or a period key of the board such as `2026-11-30`, `2026-W48`, `2026-11`; 400 INVALID_PERIOD when malformed, 404 PERIOD_NOT_FOUND when not kept.");
    }
}
