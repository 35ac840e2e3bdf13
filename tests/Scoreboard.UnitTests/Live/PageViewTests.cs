using Scoreboard.Live;
using Scoreboard.Scoring.Boards;

namespace Scoreboard.UnitTests.Live;

public sealed class PageViewTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);

    private static readonly BoardSet Boards = new(
    [
        new BoardDefinition("daily", "<img src=x onerror=alert(1)>", ["*"], Period: "daily"),
        new BoardDefinition("weekly", "Weekly", ["*"], Period: "weekly"),
        new BoardDefinition("monthly", "Monthly", ["*"], Period: "monthly", KeepPeriods: 1),
    ], new Dictionary<string, IReadOnlyList<Season>>(), new HashSet<string>());

    [Theory]
    [InlineData("daily", "Today|Yesterday|2026-11-28|2026-11-27|2026-11-26")]
    [InlineData("weekly", "This week|Last week|2026-W47|2026-W46|2026-W45")]
    [InlineData("monthly", "This month|Last month")]
    [InlineData("global", "All time")]
    public void Tabs_are_labelled_in_words_for_the_current_and_previous_period(string board, string labels)
    {
        var view = PageView.Resolve(Boards, board, null, Now);

        Assert.Equal(labels, string.Join('|', view.Tabs.Select(view.Label)));
        Assert.True(view.IsCurrent);
    }

    [Fact]
    public void A_link_to_an_older_period_than_the_tabs_reach_adds_its_tab_and_marks_it()
    {
        var view = PageView.Resolve(Boards, "daily", "2026-11-20", Now);

        Assert.Equal(200, view.Status);
        Assert.False(view.IsCurrent);
        Assert.Equal("2026-11-20", view.Tabs[^1].Key);
        Assert.Contains("<a href=\"/?board=daily&amp;period=2026-11-20\" data-period=\"2026-11-20\" aria-current=\"page\">2026-11-20</a>",
            PageMarkup.Tabs(view), StringComparison.Ordinal);
        Assert.Contains("<a href=\"/?board=daily&amp;period=current\" data-period=\"2026-11-30\">Today</a>", PageMarkup.Tabs(view), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Bad Id", null, 400)]
    [InlineData("nope", null, 404)]
    [InlineData("daily", "2026-W48", 400)]
    [InlineData("daily", "2025-01-01", 404)]
    [InlineData("global", "previous", 400)]
    public void A_board_or_period_that_cannot_be_shown_says_why_with_its_status(string board, string? period, int status)
    {
        var view = PageView.Resolve(Boards, board, period, Now);

        Assert.Equal(status, view.Status);
        Assert.NotNull(view.Problem);
        Assert.False(view.IsDefault);
    }

    [Fact]
    public void Board_titles_are_escaped_in_the_picker_and_the_caption()
    {
        var view = PageView.Resolve(Boards, "daily", "current", Now);

        Assert.Contains("<option value=\"daily\" selected>&lt;img src=x onerror=alert(1)&gt;</option>", PageMarkup.Options(Boards, view, locked: false),
            StringComparison.Ordinal);
        Assert.Equal("Top 10: &lt;img src=x onerror=alert(1)&gt;, Today", PageMarkup.Caption(view, locked: false));
        Assert.DoesNotContain("<img", PageMarkup.Options(Boards, view, locked: true), StringComparison.Ordinal);
    }
}
