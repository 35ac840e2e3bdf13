using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace Scoreboard.Scoring.Boards;

/// <summary>
/// A board definition as written in JSON (the admin API's body, the store's <c>definition</c> column) or in
/// configuration (<c>Scoreboard:Boards:&lt;id&gt;:…</c>): every field optional, checked by <see cref="ToDefinition"/>.
/// </summary>
public sealed partial record BoardDocument(
    string? Title = null,
    IReadOnlyList<string>? ActionTypes = null,
    string? Operator = null,
    string? Order = null,
    string? Period = null,
    string? TimeZone = null,
    string? WeekStart = null,
    int? KeepPeriods = null)
{
    public const int MaxKeepPeriods = 1_000;
    public const int MaxActionTypes = 100;
    public const int MaxTitleLength = 100;

    /// <summary><c>[a-z0-9_-]{1,64}</c>.</summary>
    public static bool IsValidId(string? id) => id is not null && IdPattern().IsMatch(id);

    /// <summary>The definition, or why it is refused (code <c>INVALID_BOARD</c>, or the period rule's own code).</summary>
    public (BoardDefinition? Board, BoardProblem? Problem) ToDefinition(string id, DateTimeOffset createdAt, bool fromConfiguration)
    {
        static (BoardDefinition?, BoardProblem?) Refuse(string message) => (null, new BoardProblem("INVALID_BOARD", message));
        if (!IsValidId(id))
        {
            return Refuse("A board id is 1–64 of a-z, 0-9, _ and -.");
        }

        var title = Title ?? id;
        if (title.Length is 0 or > MaxTitleLength || title.Any(char.IsControl))
        {
            return Refuse($"'title' is 1–{MaxTitleLength} printable characters.");
        }

        var types = ActionTypes ?? ["*"];
        if (types.Count is 0 or > MaxActionTypes || types.Any(t => t != "*" && !Ids.IsValidActionType(t)))
        {
            return Refuse($"'actionTypes' names 1–{MaxActionTypes} action types, or [\"*\"] for all.");
        }

        if (!TryParse<BoardOperator>(Operator, BoardOperator.Incr, out var op))
        {
            return Refuse("'operator' is incr, best or latest.");
        }

        if (!TryParse<BoardOrder>(Order, BoardOrder.Desc, out var order))
        {
            return Refuse("'order' is desc or asc.");
        }

        if (!TryParse<DayOfWeek>(WeekStart, DayOfWeek.Monday, out var weekStart))
        {
            return Refuse("'weekStart' is a day of the week, e.g. monday.");
        }

        if (KeepPeriods is < 1 or > MaxKeepPeriods)
        {
            return Refuse($"'keepPeriods' is 1–{MaxKeepPeriods}.");
        }

        var board = new BoardDefinition(id, title, [.. types.Distinct(StringComparer.Ordinal)], op, order, Period ?? BoardDefinition.AllTime,
            TimeZone ?? "UTC", weekStart, KeepPeriods ?? 12) { CreatedAt = createdAt, FromConfiguration = fromConfiguration };
        return BoardPeriods.Validate(board) is { } problem ? (null, problem) : (board, null);
    }

    public static BoardDocument From(BoardDefinition board) => new(
        board.Title, board.ActionTypes, Name(board.Operator), Name(board.Order), board.Period, board.TimeZone, Name(board.WeekStart), board.KeepPeriods);

    /// <summary>Enum values as the API spells them: lower case.</summary>
    public static string Name<T>(T value)
        where T : struct, Enum => value.ToString().ToLowerInvariant();

    private static bool TryParse<T>(string? text, T fallback, out T value)
        where T : struct, Enum
    {
        value = fallback;
        return text is null || (text.All(char.IsAsciiLetterLower) && Enum.TryParse(text, ignoreCase: true, out value) && Enum.IsDefined(value));
    }

    [GeneratedRegex("^[a-z0-9_-]{1,64}$")]
    private static partial Regex IdPattern();
}

[JsonSourceGenerationOptions(System.Text.Json.JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(BoardDocument))]
internal sealed partial class BoardDocumentJson : JsonSerializerContext;
