using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Scoreboard.Scoring.Boards;

namespace Scoreboard.Live;

/// <summary>
/// The page's board picker and period tabs as HTML, in the markup <c>app.js</c> builds from the API, so they work
/// before any script runs (a form and plain links) and the script takes them over without a flash.
/// </summary>
internal static class PageMarkup
{
    // Titles and names are whatever admins and users chose: < > & " ' are escaped, letters of every script stay readable.
    public static readonly HtmlEncoder Html = HtmlEncoder.Create(UnicodeRanges.All);

    /// <summary>The picker's options; behind a token only the board asked for, since the list is a read like any other.</summary>
    public static string Options(BoardSet boards, PageView view, bool locked)
    {
        IReadOnlyList<BoardDefinition> shown = locked ? [view.Board ?? BoardDefinition.Global] : boards.Boards;
        var options = new StringBuilder();
        foreach (var board in shown)
        {
            var selected = board.Id == view.BoardId ? " selected" : "";
            options.Append('\n').Append($"<option value=\"{Html.Encode(board.Id)}\"{selected}>{Html.Encode(locked ? board.Id : board.Title)}</option>");
        }

        return options.Append('\n').ToString();
    }

    /// <summary>One link per period; the one shown is marked <c>aria-current</c>.</summary>
    public static string Tabs(PageView view)
    {
        var tabs = new StringBuilder();
        foreach (var tab in view.Tabs)
        {
            var current = tab.Key == view.Period?.Key ? " aria-current=\"page\"" : "";
            tabs.Append('\n').Append($"<li><a href=\"{Html.Encode(Link(view.BoardId, tab.Key == view.RunningKey ? "current" : tab.Key))}\" ")
                .Append($"data-period=\"{Html.Encode(tab.Key)}\"{current}>{Html.Encode(view.Label(tab))}</a></li>");
        }

        return tabs.Append('\n').ToString();
    }

    /// <summary>What the table is, for screen readers: "Top 10: Levels, Today".</summary>
    public static string Caption(PageView view, bool locked) =>
        Html.Encode(view.Board is null || locked ? "Top 10" : view.Period is null ? $"Top 10: {view.Board.Title}" : $"Top 10: {view.Board.Title}, {view.Label(view.Period)}");

    /// <summary>The address of a view: what a shared link carries.</summary>
    public static string Link(string board, string period) => $"/?board={Uri.EscapeDataString(board)}&period={Uri.EscapeDataString(period)}";
}
