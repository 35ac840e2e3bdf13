using Microsoft.Playwright;
using Scoreboard.IntegrationTests.Infrastructure;
using Scoreboard.IntegrationTests.Live;

namespace Scoreboard.IntegrationTests.FirstTenMinutes;

/// <summary>The page at <c>/</c> arrives with the board in its HTML: right before any script runs, and without JavaScript.</summary>
public sealed class FirstScreenTests(BoardPageTests.PageServer fixture) : IClassFixture<BoardPageTests.PageServer>
{
    private const string HostileName = "<script>alert(1)</script> &\"'";

    [Fact]
    public async Task Without_JavaScript_the_first_screen_is_the_board_with_names_escaped()
    {
        var user = Json.NewId("mallory");
        long score = 0;
        for (var i = 0; i < 12; i++)
        {
            score = await fixture.CreditAsync(user, HostileName);
        }

        // The feed publishes a board a window after the credit; the page shows the feed's latest board.
        var html = "";
        await Waiting.UntilAsync(async () => (html = await fixture.Server.Client.GetStringAsync("/"))
            .Contains($"data-user=\"{user}\" data-score=\"{score}\"", StringComparison.Ordinal), Timeouts.Message, "the credited board on the page");
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp;&quot;&#x27;", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>alert(1)", html, StringComparison.Ordinal);

        var page = await fixture.NewPageAsync(javaScriptEnabled: false);
        var dialogs = 0;
        page.Dialog += (_, _) => dialogs++;
        await page.GotoAsync(fixture.Server.BaseAddress.ToString());

        var (_, top) = await fixture.Service.GetJsonAsync("/scoreboard/top?limit=10");
        var expected = top["entries"]!.AsArray().Select(e => (string)e!["userId"]!).ToList();
        Assert.Equal(expected, await page.Locator("#rows tr[data-user]").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.user)"));
        Assert.Equal(HostileName, await page.InnerTextAsync($"tr[data-user='{user}'] td.name"));
        Assert.Equal("120", await page.InnerTextAsync($"tr[data-user='{user}'] td.score"));
        Assert.Equal("1", await page.InnerTextAsync($"tr[data-user='{user}'] td.rank"));
        Assert.Equal(0, await page.Locator("#rows script").CountAsync());
        Assert.Equal(0, dialogs);
        Assert.Equal("API docs", await page.InnerTextAsync("footer a[href='/docs']"));
    }

    [Fact]
    public async Task With_JavaScript_the_script_takes_over_the_servers_rows_without_a_flash_and_a_new_credit_appears_live()
    {
        var page = await fixture.NewPageAsync();

        // Every state #rows goes through, from the HTML as parsed: never empty, never a duplicate row.
        await page.AddInitScriptAsync("""
            window.boardStates = [];
            document.addEventListener("DOMContentLoaded", () => {
              const rows = document.getElementById("rows");
              const record = () => {
                window.boardStates.push([...rows.querySelectorAll("tr[data-user]")].map(r => r.dataset.user + (r.classList.contains("changed") ? "*" : "")));
                // The watched user's marker when the row first appears: later boards may show it moving up (▲).
                const watched = window.watchedUser && rows.querySelector(`tr[data-user='${window.watchedUser}'] td.move`);
                if (watched && window.firstMarker === undefined) window.firstMarker = watched.textContent;
              };
              record();
              new MutationObserver(record).observe(rows, { childList: true });
            });
            """);
        await page.GotoAsync(fixture.Server.BaseAddress.ToString());
        await page.WaitForSelectorAsync("body[data-transport='websocket']");
        await page.WaitForFunctionAsync("() => window.boardStates.length >= 2"); // the server's rows, then the first live board

        var states = await page.EvaluateAsync<string[]>("() => window.boardStates.map(s => s.join(' '))");
        Assert.Equal(10, states[0].Split(' ').Length);
        Assert.All(states, state => Assert.Equal(states[0], state)); // the same rows, none flashed as changed

        var newcomer = Json.NewId("newcomer");
        await page.EvaluateAsync("user => { window.watchedUser = user; }", newcomer);
        long score = 0;
        for (var i = 0; i < 8; i++)
        {
            score = await fixture.CreditAsync(newcomer, "Newcomer");
        }

        await page.WaitForFunctionAsync(
            "([user, score]) => document.querySelector(`tr[data-user='${user}']`)?.dataset.score === score",
            new object[] { newcomer, score.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        var shown = await page.Locator("#rows tr[data-user]").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.user)");
        Assert.Equal(10, shown.Length);
        Assert.Equal(shown.Length, shown.Distinct().Count());
        Assert.Equal("★", await page.EvaluateAsync<string>("() => window.firstMarker"));
    }
}
