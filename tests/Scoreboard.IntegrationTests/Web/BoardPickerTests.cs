using Scoreboard.IntegrationTests.Infrastructure;

namespace Scoreboard.IntegrationTests.Web;

/// <summary>The page's board picker, period tabs and links, in headless Chromium, against the boards' own reads.</summary>
[Collection(BoardPickerCollection.Name)]
public sealed class BoardPickerTests(BoardPickerServer fixture)
{
    [Fact]
    public async Task Picking_a_board_shows_its_entries_and_puts_the_choice_in_the_link()
    {
        var (leveller, player) = (Json.NewId("lvl"), Json.NewId("plain"));
        await fixture.CreditAsync(leveller, 100, "Leveller");
        for (var i = 0; i < 12; i++)
        {
            await fixture.CreditAsync(player, null, "Only global");
        }

        var page = await fixture.NewPageAsync();
        await page.GotoAsync(fixture.Server.BaseAddress.ToString());
        await page.WaitForSelectorAsync("body[data-transport='websocket']");
        Assert.Contains(player, await BoardPickerServer.RowsAsync(page));

        await page.SelectOptionAsync("#board-picker", "levels");
        await fixture.ShowsBoardAsync(page, "levels");
        Assert.Contains(leveller, await BoardPickerServer.RowsAsync(page));
        Assert.DoesNotContain(player, await BoardPickerServer.RowsAsync(page));
        Assert.EndsWith("/?board=levels&period=current", page.Url, StringComparison.Ordinal);
        Assert.Equal("All time", await page.InnerTextAsync("#periods a[aria-current='page']"));
        Assert.True(await page.IsHiddenAsync("#standing"), "no token, no standing");

        // Back to global: the browser's own back button.
        await page.GoBackAsync();
        await Waiting.UntilAsync(async () => (await BoardPickerServer.RowsAsync(page)).Contains(player), TimeSpan.FromSeconds(30), "global again");
        Assert.Equal("global", await page.InputValueAsync("#board-picker"));
    }

    [Fact]
    public async Task A_board_other_than_global_is_pushed_live_to_the_page()
    {
        var climber = Json.NewId("climb");
        var page = await fixture.NewPageAsync();
        await page.GotoAsync(new Uri(fixture.Server.BaseAddress, "/?board=levels&period=current").ToString());
        // The live channels carry the board, so the page holds a live connection instead of polling its reads.
        await page.WaitForSelectorAsync("body[data-transport='websocket'], body[data-transport='sse']");

        for (var i = 0; i < 12; i++)
        {
            await fixture.CreditAsync(climber, 100, "Climber");
        }

        // Every credit is committed: the page catches up with the board's final score from the pushes.
        var score = (long)(await fixture.StandingAsync("levels", climber))["score"]!;
        await page.WaitForFunctionAsync("([user, score]) => document.querySelector(`tr[data-user='${user}'] td.score`)?.textContent === score",
            new object[] { climber, score.ToString("N0", System.Globalization.CultureInfo.GetCultureInfo("en-US")) }, new() { Timeout = 30_000 });
        await fixture.ShowsBoardAsync(page, "levels");
    }

    [Fact]
    public async Task A_period_tab_shows_that_ended_periods_entries()
    {
        var ticker = Json.NewId("tick");

        // Credit early in a period, so the standing read right after it is still in the same one.
        await Waiting.UntilAsync(async () => (await fixture.SecondsLeftAsync("ticks")) > 4, TimeSpan.FromSeconds(30), "the start of a period");
        await fixture.CreditAsync(ticker, 42, "Ticker");
        var credited = (string)(await fixture.StandingAsync("ticks", ticker))["period"]!["key"]!;
        await Waiting.UntilAsync(async () => !(await fixture.TopAsync("ticks")).Contains(ticker), TimeSpan.FromSeconds(30), "the next 10-second period");

        var page = await fixture.NewPageAsync();
        await page.GotoAsync(new Uri(fixture.Server.BaseAddress, "/?board=ticks").ToString());
        Assert.DoesNotContain(ticker, await BoardPickerServer.RowsAsync(page));

        await page.ClickAsync($"#periods a[data-period='{credited}']");
        await page.WaitForSelectorAsync($"tr[data-user='{ticker}']", new() { Timeout = 30_000 });
        Assert.Equal("42", await page.InnerTextAsync($"tr[data-user='{ticker}'] td.score"));
        Assert.Equal(credited, await page.GetAttributeAsync("#periods a[aria-current='page']", "data-period"));
        Assert.Contains("period=" + Uri.EscapeDataString(credited), page.Url, StringComparison.Ordinal);
        await fixture.ShowsBoardAsync(page, "ticks", credited);
    }

    [Fact]
    public async Task A_link_to_a_board_shows_it_on_the_first_paint_without_JavaScript()
    {
        var leveller = Json.NewId("first");
        await fixture.CreditAsync(leveller, 99, "First paint");
        var page = await fixture.NewPageAsync(javaScriptEnabled: false);

        var response = await page.GotoAsync(new Uri(fixture.Server.BaseAddress, "/?board=levels&period=current").ToString());
        Assert.Equal(200, response!.Status);
        Assert.Equal(await fixture.TopAsync("levels"), await BoardPickerServer.RowsAsync(page));
        Assert.Equal("levels", await page.InputValueAsync("#board-picker"));
        Assert.Equal("Top 10: Levels, All time", await page.GetAttributeAsync("#board", "aria-label"));

        // Without JavaScript the picker is a form: choosing a board and pressing Show loads its page.
        await page.SelectOptionAsync("#board-picker", "daily-levels");
        await page.ClickAsync("#show-board");
        await page.WaitForURLAsync("**/?board=daily-levels");
        Assert.Equal(await fixture.TopAsync("daily-levels"), await BoardPickerServer.RowsAsync(page));
        var tabs = await page.Locator("#periods a").AllInnerTextsAsync();
        Assert.Equal(["Today", "Yesterday"], tabs.Take(2));
        Assert.Equal("Today", await page.InnerTextAsync("#periods a[aria-current='page']"));

        var missing = await page.GotoAsync(new Uri(fixture.Server.BaseAddress, "/?board=no-such-board").ToString());
        Assert.Equal(404, missing!.Status);
        Assert.Equal("There is no such board.", await page.InnerTextAsync("#rows tr.empty"));
    }
}
