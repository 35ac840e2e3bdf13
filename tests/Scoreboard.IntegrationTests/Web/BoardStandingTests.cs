using Scoreboard.IntegrationTests.Infrastructure;

namespace Scoreboard.IntegrationTests.Web;

/// <summary>"Your standing" from a user token the embedding site hands over, and board titles that try to be markup.</summary>
[Collection(BoardPickerCollection.Name)]
public sealed class BoardStandingTests(BoardPickerServer fixture)
{
    [Fact]
    public async Task With_a_user_token_the_page_shows_the_users_rank_score_and_top_percent()
    {
        var user = Json.NewId("me");
        await fixture.CreditAsync(user, 73, "Me");
        var page = await fixture.NewPageAsync();
        await page.AddInitScriptAsync($"window.scoreboardUserToken = '{LiveServerFixture.Token(user)}';");

        await page.GotoAsync(new Uri(fixture.Server.BaseAddress, "/?board=levels").ToString());
        await page.WaitForSelectorAsync("#standing dd[data-fact='rank']");
        var standing = await fixture.StandingAsync("levels", user);
        Assert.Equal($"#{standing["rank"]} of {standing["total"]}", await page.InnerTextAsync("#standing dd[data-fact='rank']"));
        Assert.Equal("73", await page.InnerTextAsync("#standing dd[data-fact='score']"));
        Assert.Equal($"{standing["topPercent"]}%", await page.InnerTextAsync("#standing dd[data-fact='top']"));
        Assert.DoesNotContain("access_token", page.Url, StringComparison.Ordinal);

        // The daily board counts the same credit; the ended day before does not have it.
        await page.SelectOptionAsync("#board-picker", "daily-levels");
        await page.WaitForFunctionAsync("() => document.querySelector('#standing dd[data-fact=\"score\"]')?.textContent === '73'");
        await page.ClickAsync("#periods a >> nth=1");
        await page.WaitForFunctionAsync("() => document.querySelector('#standing-text').textContent === 'No score yet.'");
    }

    [Fact]
    public async Task A_framing_site_hands_over_the_token_by_postMessage_and_no_other_window_can()
    {
        var user = Json.NewId("framed");
        await fixture.CreditAsync(user, 55, "Framed");
        var page = await fixture.NewPageAsync();
        await page.SetContentAsync($"<iframe id='board' src='{new Uri(fixture.Server.BaseAddress, "/?board=levels")}' width='700' height='800'></iframe>");
        var frame = page.FrameLocator("#board");
        await frame.Locator("body[data-transport]").WaitForAsync(new() { State = Microsoft.Playwright.WaitForSelectorState.Attached });

        // The framed page posting to itself is not its parent: ignored.
        var board = page.Frames.Single(f => f.Url.Contains("board=levels", StringComparison.Ordinal));
        await board.EvaluateAsync("t => window.postMessage({ type: 'scoreboard:token', token: t }, '*')", LiveServerFixture.Token(user));
        await page.WaitForTimeoutAsync(1000);
        Assert.True(await frame.Locator("#standing").IsHiddenAsync());

        await page.EvaluateAsync("t => document.querySelector('#board').contentWindow.postMessage({ type: 'scoreboard:token', token: t }, '*')",
            LiveServerFixture.Token(user));
        await frame.Locator("#standing dd[data-fact='score']").WaitForAsync();
        Assert.Equal("55", await frame.Locator("#standing dd[data-fact='score']").InnerTextAsync());
    }

    [Fact]
    public async Task A_hostile_board_title_is_shown_as_text_never_as_markup()
    {
        const string title = "<img src=x onerror=\"document.title='owned'\">";
        var id = $"hostile-{Guid.NewGuid():N}"[..20];
        using var admin = fixture.Server.CreateClient();
        admin.DefaultRequestHeaders.Add("X-ADMIN-KEY", BoardPickerServer.AdminKey);
        using var created = await admin.PutAsync($"/api/v1/admin/boards/{id}", Json.Body(new { title, actionTypes = new[] { "LEVEL_UP" } }));
        Assert.Equal(201, (int)created.StatusCode);
        await Waiting.UntilAsync(async () => (await fixture.Reader.GetJsonAsync("/api/v1/boards")).Body["boards"]!.AsArray()
            .Any(b => (string?)b!["id"] == id), TimeSpan.FromSeconds(30), "the board in the list");

        // Rendered by the server (first paint), then by the script from the API (picker, caption).
        foreach (var javaScript in new[] { false, true })
        {
            var page = await fixture.NewPageAsync(javaScript);
            await page.GotoAsync(new Uri(fixture.Server.BaseAddress, $"/?board={id}").ToString());
            if (javaScript)
            {
                await page.SelectOptionAsync("#board-picker", "levels");
                await page.SelectOptionAsync("#board-picker", id);
                await page.WaitForFunctionAsync("t => document.querySelector('#board').getAttribute('aria-label') === `Top 10: ${t}, All time`", title);
            }

            Assert.Equal(title, await page.InnerTextAsync($"#board-picker option[value='{id}']"));
            Assert.Equal(0, await page.Locator("img").CountAsync());
            Assert.NotEqual("owned", await page.TitleAsync());
        }
    }
}
