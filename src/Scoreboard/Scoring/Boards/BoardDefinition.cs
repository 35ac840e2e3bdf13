namespace Scoreboard.Scoring.Boards;

/// <summary>How a board turns the credits it counts into a standing.</summary>
public enum BoardOperator
{
    /// <summary>The sum of the credits' points.</summary>
    Incr,

    /// <summary>The best single credit (highest on a <c>desc</c> board, lowest on an <c>asc</c> one).</summary>
    Best,

    /// <summary>The last credit's points.</summary>
    Latest,
}

/// <summary>Which end of a board is the top.</summary>
public enum BoardOrder
{
    /// <summary>Higher is better.</summary>
    Desc,

    /// <summary>Lower is better (e.g. fastest time); such a board counts only service-key credits.</summary>
    Asc,
}

/// <summary>
/// One leaderboard: which action types it counts, how it combines them, and how time is cut into periods.
/// </summary>
/// <param name="Period"><c>all-time</c>, <c>daily</c>, <c>weekly</c>, <c>monthly</c>, <c>season</c> or <c>cron:&lt;expression&gt;</c>.</param>
/// <param name="TimeZone">The IANA zone the period boundaries are drawn in.</param>
/// <param name="KeepPeriods">How many ended periods stay queryable.</param>
public sealed record BoardDefinition(
    string Id,
    string Title,
    IReadOnlyList<string> ActionTypes,
    BoardOperator Operator = BoardOperator.Incr,
    BoardOrder Order = BoardOrder.Desc,
    string Period = BoardDefinition.AllTime,
    string TimeZone = "UTC",
    DayOfWeek WeekStart = DayOfWeek.Monday,
    int KeepPeriods = 12)
{
    /// <summary>The board every seed endpoint reads: all-time, summed, higher first.</summary>
    public const string GlobalId = "global";

    public const string AllTime = "all-time";

    /// <summary>When the board began counting: credits committed earlier are not on it (no backfill).</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>True when the board came from configuration and cannot be changed through the API.</summary>
    public bool FromConfiguration { get; init; }

    /// <summary>The board every existing client reads, as it always was.</summary>
    public static BoardDefinition Global { get; } = new(GlobalId, "Global", ["*"]) { FromConfiguration = true };
}

/// <summary>A named window of a <c>season</c> board.</summary>
public sealed record Season(string Id, DateTimeOffset StartsAt, DateTimeOffset EndsAt);

/// <summary>One period of a board: its key, and its bounds in UTC (null for all-time).</summary>
public sealed record PeriodWindow(string Key, DateTimeOffset? StartsAt, DateTimeOffset? EndsAt)
{
    /// <summary>The one period of an all-time board.</summary>
    public static PeriodWindow All { get; } = new("all", null, null);
}

/// <summary>A ranking the index keeps: one board in one period.</summary>
public readonly record struct BoardPeriod(string BoardId, string PeriodKey)
{
    public static BoardPeriod Global { get; } = new(BoardDefinition.GlobalId, PeriodWindow.All.Key);
}
