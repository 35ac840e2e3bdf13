using System.Text;
using Microsoft.Extensions.Options;
using Scoreboard.Live;
using Scoreboard.Scoring;
using Scoreboard.Scoring.Boards;
using Scoreboard.Security.Tokens;

namespace Scoreboard.UnitTests.Live;

public sealed class BoardPageTests
{
    private static readonly DateTimeOffset Now = new(2025, 12, 15, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void The_page_is_rendered_once_per_board_and_again_when_the_board_changes()
    {
        var hub = new LiveHub(Options.Create(new LiveOptions()));
        var page = new BoardPage(hub, Options.Create(new UserTokenOptions()));
        Assert.Contains("Waiting for the board…", Html(page.Current(BoardSet.GlobalOnly)), StringComparison.Ordinal);

        hub.Publish(Board(1, ("ada", "Ada", 1234)));
        var first = page.Current(BoardSet.GlobalOnly);

        Assert.Same(first, page.Current(BoardSet.GlobalOnly));
        Assert.Contains("<tr data-user=\"ada\" data-score=\"1234\"><td class=\"rank\">1</td><td class=\"name\">Ada</td><td class=\"num score\">1,234</td>",
            Html(first), StringComparison.Ordinal);
        Assert.Contains("update #<span id=\"sequence\">1</span>", Html(first), StringComparison.Ordinal);

        hub.Publish(Board(2, ("ada", "Ada", 1244)));
        Assert.NotSame(first, page.Current(BoardSet.GlobalOnly));
        Assert.Contains("data-score=\"1244\"", Html(page.Current(BoardSet.GlobalOnly)), StringComparison.Ordinal);
    }

    [Fact]
    public void Names_and_ids_are_html_escaped_and_letters_stay_readable()
    {
        var row = BoardPage.Row(new RankedStanding(1, new Standing("u\"1", "<script>alert(1)</script> &\"' Zoë", 5, 1, Now)));

        Assert.Contains("data-user=\"u&quot;1\"", row, StringComparison.Ordinal);
        Assert.Contains("<td class=\"name\">&lt;script&gt;alert(1)&lt;/script&gt; &amp;&quot;&#x27; Zoë</td>", row, StringComparison.Ordinal);
    }

    [Fact]
    public void Behind_a_token_the_page_carries_no_rows()
    {
        var hub = new LiveHub(Options.Create(new LiveOptions()));
        var page = new BoardPage(hub, Options.Create(new UserTokenOptions { RequireForReads = true }));
        hub.Publish(Board(1, ("ada", "Ada", 10)));

        Assert.DoesNotContain("data-user", Html(page.Current(BoardSet.GlobalOnly)), StringComparison.Ordinal);
    }

    private static string Html(byte[] page) => Encoding.UTF8.GetString(page);

    private static BoardState Board(long sequence, params (string Id, string Name, long Score)[] rows)
    {
        var top = rows.Select((r, i) => new RankedStanding(i + 1, new Standing(r.Id, r.Name, r.Score, i, Now))).ToList();
        return BoardFrames.Build(sequence, sequence - 1, Now, top, top);
    }
}
