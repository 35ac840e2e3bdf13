using Microsoft.Playwright;
using Scoreboard.IntegrationTests.Infrastructure;

namespace Scoreboard.IntegrationTests.Admin;

/// <summary>The admin console at <c>/admin</c> in real headless Chromium, against the real server and store.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class ConsolePageTests(ConsoleFixture fixture)
{
    private const string Sum = "id => Number(document.getElementById(id).dataset.sum ?? 0)";

    [Fact]
    public async Task After_signing_in_the_credits_chart_moves_when_credits_are_applied()
    {
        var page = await fixture.SignedInAsync();
        await page.WaitForSelectorAsync("#chart-credits[data-sum]");
        var before = await page.EvaluateAsync<double>(Sum, "chart-credits");
        var line = await page.GetAttributeAsync("#chart-credits polyline.applied", "points");

        using var service = fixture.Server.CreateServiceClient();
        for (var i = 0; i < 5; i++)
        {
            var (status, _) = await service.PostAsync("/scores/increment", new { userId = Json.NewId("steady"), actionId = Json.NewId("chart") });
            Assert.Equal(200, status);
        }

        await page.WaitForFunctionAsync($"n => ({Sum})('chart-credits') >= n", before + 5, new() { Timeout = 15_000 });
        Assert.NotEqual(line, await page.GetAttributeAsync("#chart-credits polyline.applied", "points"));
        Assert.Matches(@"applied: \d", await page.InnerTextAsync("#chart-credits .legend"));
        await SaveScreenshotAsync(page);
    }

    [Fact]
    public async Task Reversing_a_flagged_credit_in_the_console_updates_the_public_page()
    {
        var cheater = await fixture.CheatAsync();
        var board = await fixture.NewPageAsync();
        await board.GotoAsync(fixture.Server.BaseAddress.ToString());
        await board.WaitForFunctionAsync(ScoreShown, new object[] { cheater, "300" });

        var page = await fixture.SignedInAsync();
        await page.ClickAsync($"#flags tr[data-user='{cheater}'] button.ledger");
        await page.WaitForSelectorAsync($"#user[data-user='{cheater}'] #ledger tr[data-event]");
        // The 200-point credit, chosen by its row.
        var row = page.Locator("#ledger tr[data-event]").Filter(new() { HasText = "ACHIEVEMENT" });
        await row.Locator("input[name=event]").CheckAsync();
        await page.ClickAsync("#reverse-selected");

        await page.WaitForFunctionAsync("() => document.querySelector('#reverse-message')?.textContent.startsWith('Reversed 1 credits')");
        await board.WaitForFunctionAsync(ScoreShown, new object[] { cheater, "100" }, new() { Timeout = 10_000 });
        Assert.Equal("100", await page.InnerTextAsync("#standings tr[data-board='global'] td.score"));
    }

    [Fact]
    public async Task Unfreezing_and_freezing_a_flag_lets_the_users_credits_through_and_holds_them_again()
    {
        var cheater = await fixture.CheatAsync();
        using var user = fixture.UserClient(cheater);
        Assert.Equal(403, await ProbeAsync(user));

        var page = await fixture.SignedInAsync();
        await page.ClickAsync($"#flags tr[data-user='{cheater}'] button.clear");
        await page.WaitForSelectorAsync($"#flags tr.cleared[data-user='{cheater}']");
        await Waiting.UntilAsync(async () => await ProbeAsync(user) == 400, TimeSpan.FromSeconds(10), "credits past the freeze after unfreezing");

        await page.ClickAsync($"#flags tr[data-user='{cheater}'] button.confirm");
        await page.WaitForSelectorAsync($"#flags tr.confirmed[data-user='{cheater}']");
        await Waiting.UntilAsync(async () => await ProbeAsync(user) == 403, TimeSpan.FromSeconds(10), "credits held again after freezing");
    }

    [Fact]
    public async Task A_wrong_key_is_refused_with_a_message_and_nothing_is_loaded()
    {
        var page = await fixture.NewPageAsync();
        var adminCalls = new List<string>();
        page.Response += (_, response) =>
        {
            if (response.Url.Contains("/api/v1/admin/", StringComparison.Ordinal))
            {
                adminCalls.Add($"{response.Status} {response.Url}");
            }
        };
        await page.GotoAsync(new Uri(fixture.Server.BaseAddress, "/admin").ToString());
        await page.FillAsync("#key", "not-the-admin-key-0123456789");
        await page.ClickAsync("#signin-form button");

        await page.WaitForFunctionAsync("() => document.querySelector('#signin-message').textContent === 'The admin key was refused.'");
        Assert.True(await page.IsHiddenAsync("#console"));
        Assert.Equal(0, await page.Locator("#flags tbody tr, #boards tbody tr, .chart svg").CountAsync());
        Assert.Null(await page.EvaluateAsync<string?>("() => sessionStorage.getItem('scoreboard.adminKey')"));
        Assert.All(adminCalls, call => Assert.StartsWith("401 ", call));
        Assert.DoesNotContain(adminCalls, call => call.Contains("key", StringComparison.OrdinalIgnoreCase) && call.Contains('?', StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_hostile_display_name_and_user_agent_are_shown_as_text()
    {
        const string hostile = "<img src=x onerror=\"document.title='owned'\">";
        var cheater = await fixture.CheatAsync(hostile, hostile);
        var page = await fixture.SignedInAsync();
        await page.FillAsync("#lookup-id", cheater);
        await page.ClickAsync("#lookup button");
        await page.WaitForSelectorAsync($"#user[data-user='{cheater}'] #ledger tr[data-event]");

        Assert.StartsWith(hostile, await page.InnerTextAsync("#user h3"));
        Assert.Equal(hostile, await page.Locator("#ledger td.agent").First.InnerTextAsync());
        Assert.Equal(0, await page.Locator("main img").CountAsync());
        Assert.NotEqual("owned", await page.TitleAsync());
    }

    [Fact]
    public async Task A_board_and_a_season_are_created_and_deleted_from_the_console()
    {
        var page = await fixture.SignedInAsync();
        var id = "console-" + Guid.NewGuid().ToString("N")[..8];
        await page.FillAsync("#board-form [name=id]", id);
        await page.FillAsync("#board-form [name=title]", "Console season");
        await page.FillAsync("#board-form [name=actionTypes]", "LEVEL_UP");
        await page.FillAsync("#board-form [name=period]", "season");
        await page.ClickAsync("#board-form button");
        await page.WaitForSelectorAsync($"#boards tr[data-board='{id}']");

        await page.FillAsync("#season-form [name=board]", id);
        await page.FillAsync("#season-form [name=season]", "s1");
        await page.FillAsync("#season-form [name=startsAt]", "2030-01-01T00:00:00Z");
        await page.FillAsync("#season-form [name=endsAt]", "2030-02-01T00:00:00Z");
        await page.ClickAsync("#season-form button");
        await page.WaitForFunctionAsync("id => document.querySelector(`#boards tr[data-board='${id}']`)?.textContent.includes('s1: 2030-01-01')", id);

        await page.ClickAsync($"#boards tr[data-board='{id}'] button.danger");
        await page.WaitForSelectorAsync($"#boards tr[data-board='{id}']", new() { State = WaitForSelectorState.Detached });
        using var admin = fixture.AdminClient();
        var (_, boards) = await admin.GetJsonAsync("/api/v1/admin/boards");
        Assert.DoesNotContain(boards["data"]!.AsArray(), b => (string?)b!["board"]!["id"] == id);
    }

    private const string ScoreShown = "([user, score]) => document.querySelector(`tr[data-user='${user}'] td.score`)?.textContent === score";

    /// <summary>
    /// A credit of a type the catalog does not know: 403 while the user is frozen (the freeze is checked first), 400 once
    /// it is lifted. It never applies, so it leaves the user's gain (and so the other tests' flags) as it was.
    /// </summary>
    private static async Task<int> ProbeAsync(HttpClient user)
    {
        var (status, _) = await user.PostAsync("/api/v1/scores/update",
            Security.SignedBodies.Seed002(Guid.NewGuid().ToString(), "NOT_A_CATALOG_TYPE", 1).ToJsonString());
        return status;
    }

    /// <summary>The README's console screenshot comes from here: set SCOREBOARD_CONSOLE_SCREENSHOT to a path to keep it.</summary>
    private static async Task SaveScreenshotAsync(IPage page)
    {
        var path = Environment.GetEnvironmentVariable("SCOREBOARD_CONSOLE_SCREENSHOT") is { Length: > 0 } target
            ? target
            : Path.Combine(Path.GetTempPath(), $"scoreboard-console-{Guid.NewGuid():N}.png");
        await page.ScreenshotAsync(new() { Path = path, FullPage = false });
        Assert.True(new FileInfo(path).Length > 0);
        if (!path.StartsWith(Path.GetTempPath(), StringComparison.Ordinal))
        {
            return;
        }

        File.Delete(path);
    }
}
