using Scoreboard.Scoring.Boards;

namespace Scoreboard.Live;

/// <summary>
/// What the page at <c>/</c> shows: the board and period its query names (<c>?board=weekly&amp;period=current</c>), the
/// periods its tabs offer, or why it cannot show them (then <see cref="Problem"/> and the HTTP status to answer).
/// </summary>
internal sealed record PageView(BoardDefinition? Board, PeriodWindow? Period, string RequestedPeriod, IReadOnlyList<PeriodWindow> Tabs,
    int Status, string? Problem)
{
    /// <summary>Tabs beyond the current period and the few before it would crowd the page; older ones stay linkable.</summary>
    public const int MaxTabs = 5;

    /// <summary>The view every plain load of <c>/</c> shows: global, all-time, kept in the live feed.</summary>
    public bool IsDefault => Problem is null && Board?.Id == BoardDefinition.GlobalId;

    /// <summary>True when the period shown is the one running now, so its rows still change.</summary>
    public bool IsCurrent => Period is not null && Period.Key == RunningKey;

    public string BoardId => Board?.Id ?? BoardDefinition.GlobalId;

    /// <summary>The plain page's view: global is all-time, so its one period does not depend on the clock.</summary>
    public static PageView Default(BoardSet boards) => Resolve(boards, null, null, DateTimeOffset.UnixEpoch);

    public static PageView Resolve(BoardSet boards, string? boardId, string? period, DateTimeOffset now)
    {
        var requested = string.IsNullOrEmpty(period) ? "current" : period;
        boardId = string.IsNullOrEmpty(boardId) ? BoardDefinition.GlobalId : boardId;
        if (!BoardDocument.IsValidId(boardId))
        {
            return new(null, null, requested, [], 400, "That is not a board id.");
        }

        if (boards.Find(boardId) is not { } board)
        {
            return new(null, null, requested, [], 404, "There is no such board.");
        }

        var seasons = boards.SeasonsOf(boardId);
        var recent = BoardPeriods.Recent(board, now, seasons);
        var current = BoardPeriods.At(board, now, seasons);
        var tabs = recent.Take(MaxTabs).ToList();
        return BoardPeriods.Resolve(board, requested, now, seasons) switch
        {
            (PeriodLookup.Found, { } window) => new(board, window, requested, WithShown(tabs, window), 200, null) { RunningKey = current?.Key },
            (PeriodLookup.Malformed, _) => new(board, null, requested, tabs, 400, "That is not a period of this board.") { RunningKey = current?.Key },
            _ => new(board, null, requested, tabs, 404, requested == "current" ? "No period is running on this board now." : "This period is not kept.")
            {
                RunningKey = current?.Key,
            },
        };
    }

    /// <summary>The key of the period running now, if any (a season board between seasons has none).</summary>
    public string? RunningKey { get; private init; }

    /// <summary>The tab's words: Today · Yesterday, This week · Last week, This month · Last month, All time; else its key.</summary>
    public string Label(PeriodWindow tab)
    {
        if (Board is null || Board.Period == BoardDefinition.AllTime)
        {
            return "All time";
        }

        var (running, before) = Board.Period switch
        {
            "daily" => ("Today", "Yesterday"),
            "weekly" => ("This week", "Last week"),
            "monthly" => ("This month", "Last month"),
            _ => ((string?)null, (string?)null),
        };
        if (running is null || before is null)
        {
            return tab.Key;
        }

        var index = Tabs.ToList().FindIndex(t => t.Key == tab.Key);
        return Current(tab) ? running : index == 1 && Current(Tabs[0]) ? before : tab.Key;
    }

    private bool Current(PeriodWindow tab) => tab.Key == RunningKey;

    // A link to an older period than the tabs reach still shows which one is selected.
    private static List<PeriodWindow> WithShown(List<PeriodWindow> tabs, PeriodWindow shown) =>
        tabs.Any(t => t.Key == shown.Key) ? tabs : [.. tabs, shown];
}
