using Microsoft.Playwright;
using Scoreboard.IntegrationTests.Infrastructure;
using Scoreboard.IntegrationTests.Web;

namespace Scoreboard.IntegrationTests.Live;

/// <summary>The browser page at <c>/</c>, in Debian's real headless Chromium driven by Playwright.</summary>
public sealed class BoardPageTests : IClassFixture<BoardPageTests.PageServer>
{
    private readonly PageServer _fixture;

    public BoardPageTests(PageServer fixture) => _fixture = fixture;

    [Fact]
    public async Task Page_renders_the_board_and_shows_a_posted_credit_within_a_second()
    {
        var page = await _fixture.NewPageAsync();
        await page.GotoAsync(_fixture.Server.BaseAddress.ToString());
        await page.WaitForSelectorAsync("body[data-transport='websocket']");
        await page.WaitForFunctionAsync("n => document.querySelectorAll('#rows tr[data-user]').length === n", 10);

        // The last to reach the lowest score: one credit always moves them up (or onto the board).
        var leader = _fixture.Leaders[9];
        var score = await _fixture.CreditAsync(leader);

        await page.WaitForFunctionAsync(ScoreShown, new object[] { leader, score.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            new() { Timeout = 1000 });
        var (_, top) = await _fixture.Service.GetJsonAsync("/scoreboard/top?limit=10");
        var rank = (long)top["entries"]!.AsArray().Single(e => (string?)e!["userId"] == leader)!["rank"]!;
        Assert.Equal(rank.ToString(System.Globalization.CultureInfo.InvariantCulture), await page.InnerTextAsync($"tr[data-user='{leader}'] td.rank"));
        Assert.Contains(await page.InnerTextAsync($"tr[data-user='{leader}'] td.move"), new[] { "▲", "★" });
        Assert.Contains("changed", await page.GetAttributeAsync($"tr[data-user='{leader}']", "class") ?? "");
        await SaveScreenshotAsync(page);
    }

    [Fact]
    public async Task Names_are_shown_as_text_never_as_markup()
    {
        var page = await _fixture.NewPageAsync();
        await page.GotoAsync(_fixture.Server.BaseAddress.ToString());
        await page.WaitForSelectorAsync("body[data-transport='websocket']");
        var user = Json.NewId("mallory");
        const string name = "<img src=x onerror=\"document.title='owned'\">";
        for (var i = 0; i < 12; i++)
        {
            await _fixture.CreditAsync(user, name);
        }

        await page.WaitForSelectorAsync($"tr[data-user='{user}']");
        Assert.Equal(name, await page.InnerTextAsync($"tr[data-user='{user}'] td.name"));
        Assert.Equal(0, await page.Locator("#rows img").CountAsync());
        Assert.NotEqual("owned", await page.TitleAsync());
    }

    [Fact]
    public async Task With_WebSocket_refused_the_page_falls_back_to_SSE_and_still_updates()
    {
        var page = await _fixture.NewPageAsync();

        // Behind a proxy that does not pass WebSocket upgrades.
        await using var proxy = new RefusingProxy(_fixture.Server.BaseAddress);
        await page.GotoAsync(proxy.BaseAddress.ToString());
        await page.WaitForSelectorAsync("body[data-transport='sse']");

        var leader = _fixture.Leaders[1];
        var score = await _fixture.CreditAsync(leader);
        await page.WaitForFunctionAsync(ScoreShown, new object[] { leader, score.ToString(System.Globalization.CultureInfo.InvariantCulture) });
    }

    [Fact]
    public async Task With_WebSocket_and_SSE_refused_the_page_polls_and_still_updates()
    {
        var page = await _fixture.NewPageAsync();
        await using var proxy = new RefusingProxy(_fixture.Server.BaseAddress, "/leaderboard/stream");
        await page.GotoAsync(proxy.BaseAddress.ToString());
        await page.WaitForSelectorAsync("body[data-transport='polling']");

        var leader = _fixture.Leaders[2];
        var score = await _fixture.CreditAsync(leader);
        await page.WaitForFunctionAsync(ScoreShown, new object[] { leader, score.ToString(System.Globalization.CultureInfo.InvariantCulture) });
    }

    [Fact]
    public async Task Demo_play_as_a_user_puts_the_player_on_the_board()
    {
        var page = await _fixture.NewPageAsync();
        await page.GotoAsync(_fixture.Server.BaseAddress.ToString());
        await page.WaitForSelectorAsync("#demo:not([hidden])");
        var name = "Ada " + Guid.NewGuid().ToString("N")[..6];

        for (var i = 0; i < 8; i++)
        {
            await page.FillAsync("#name", name);
            await page.ClickAsync("#play button");
            await page.WaitForFunctionAsync("n => document.querySelector('#played').textContent.includes(`: ${n * 10} points`)", i + 1);
        }

        await page.WaitForFunctionAsync("n => [...document.querySelectorAll('#rows td.name')].some(td => td.textContent === n)", name);
    }

    [Fact]
    public async Task With_live_updates_switched_off_the_page_says_so_and_keeps_the_board_current_by_polling()
    {
        var settings = Path.Combine(_fixture.Server.DataDir, "settings.json");
        await File.WriteAllTextAsync(settings, """{ "Scoreboard": { "Live": { "Enabled": false } } }""");
        try
        {
            await Waiting.UntilAsync(async () => await WsClient.RefusalStatusAsync(_fixture.Server, "/ws/scoreboard") == 503, TimeSpan.FromSeconds(30), "live switched off");
            var page = await _fixture.NewPageAsync();
            await page.GotoAsync(_fixture.Server.BaseAddress.ToString());
            await page.WaitForSelectorAsync("body[data-transport='polling']");
            await page.WaitForFunctionAsync("() => document.querySelector('#status-text').textContent === 'Live updates off · Polling'");

            var leader = _fixture.Leaders[0];
            var score = await _fixture.CreditAsync(leader);
            await page.WaitForFunctionAsync(ScoreShown, new object[] { leader, score.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        }
        finally
        {
            await File.WriteAllTextAsync(settings, """{ "Scoreboard": { "Live": { "Enabled": true } } }""");
            await Waiting.UntilAsync(async () => await WsClient.RefusalStatusAsync(_fixture.Server, "/ws/scoreboard") == 101, TimeSpan.FromSeconds(30), "live switched on");
        }
    }

    private const string ScoreShown = "([user, score]) => document.querySelector(`tr[data-user='${user}'] td.score`)?.textContent === score";

    /// <summary>The README's screenshot comes from this test: set SCOREBOARD_SCREENSHOT to a path to keep it.</summary>
    private static async Task SaveScreenshotAsync(IPage page)
    {
        var path = Environment.GetEnvironmentVariable("SCOREBOARD_SCREENSHOT") is { Length: > 0 } target
            ? target
            : Path.Combine(Path.GetTempPath(), $"scoreboard-page-{Guid.NewGuid():N}.png");
        await page.ScreenshotAsync(new() { Path = path, FullPage = true });
        Assert.True(new FileInfo(path).Length > 0);
    }

    /// <summary>A server with the demo switched on and a full board, plus one headless Chromium for the class.</summary>
    public sealed class PageServer : IAsyncLifetime
    {
        private HeadlessChromium? _chromium;

        public ScoreboardServer Server { get; private set; } = null!;

        public HttpClient Service { get; private set; } = null!;

        public IReadOnlyList<string> Leaders { get; } = Enumerable.Range(0, 10).Select(i => $"player_{i:D2}").ToList();

        public async Task InitializeAsync()
        {
            _chromium = await HeadlessChromium.LaunchAsync();
            Server = await ScoreboardServer.StartAsync(environment: new Dictionary<string, string?> { ["Scoreboard__Live__DemoEnabled"] = "true" });
            Service = Server.CreateServiceClient();
            foreach (var (leader, i) in Leaders.Select((l, i) => (l, i)))
            {
                for (var c = 0; c < 5 + (i % 3); c++)
                {
                    await CreditAsync(leader, $"Player {i + 1}");
                }
            }
        }

        public Task<IPage> NewPageAsync(bool javaScriptEnabled = true) => _chromium!.NewPageAsync(javaScriptEnabled);

        public async Task<long> CreditAsync(string userId, string? displayName = null)
        {
            var (status, body) = await Service.PostAsync("/scores/increment", new { userId, actionId = Json.NewId("page"), displayName });
            Assert.Equal(200, status);
            return (long)body["newScore"]!;
        }

        public async Task DisposeAsync()
        {
            if (_chromium is not null)
            {
                await _chromium.DisposeAsync();
            }

            Service.Dispose();
            await Server.DisposeAsync();
        }
    }
}
