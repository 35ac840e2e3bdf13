using Microsoft.Playwright;
using Scoreboard.IntegrationTests.Infrastructure;
using Scoreboard.IntegrationTests.Live;

namespace Scoreboard.IntegrationTests.ApiDocs;

/// <summary>The try-it page at <c>/docs</c>, in Debian's headless Chromium: calls made from it reach the server, and it loads nothing from elsewhere.</summary>
[Trait("Backend", "embedded")]
public sealed class DocsPageTests : IClassFixture<BoardPageTests.PageServer>
{
    private readonly BoardPageTests.PageServer _fixture;

    public DocsPageTests(BoardPageTests.PageServer fixture) => _fixture = fixture;

    [Fact]
    public async Task A_credit_made_from_the_docs_page_with_the_service_key_is_applied()
    {
        var (page, requested) = await OpenDocsAsync();

        await page.ClickAsync("button.authorize");
        var apiKey = page.Locator(".auth-container").Filter(new() { HasText = "X-API-KEY" });
        await apiKey.Locator("input").FillAsync(ScoreboardServer.ApiKey);
        await apiKey.Locator("button.authorize").ClickAsync();
        await page.ClickAsync(".modal-ux button.close-modal");

        var operation = page.Locator("#operations-Seed_004-postScoresIncrement");
        await operation.Locator(".opblock-summary").ClickAsync();
        var userId = Json.NewId("docs");
        await operation.Locator("textarea.body-param__text").FillAsync($$"""{"userId":"{{userId}}","actionId":"{{Json.NewId("docs-action")}}"}""");
        var reply = page.WaitForResponseAsync(r => r.Url.EndsWith("/scores/increment", StringComparison.Ordinal));
        await operation.Locator("button.execute").ClickAsync();

        Assert.Equal(200, (await reply).Status);
        await Assertions.Expect(operation.Locator(".live-responses-table tbody .response-col_status").First).ToHaveTextAsync("200");
        var (status, standing) = await _fixture.Service.GetJsonAsync($"/api/v1/scores/user/{userId}");
        Assert.Equal(200, status);
        Assert.Equal(10, (long)standing["data"]!["score"]!);
        AssertNothingFromElsewhere(requested);
    }

    [Fact]
    public async Task A_read_made_from_the_docs_page_shows_the_board()
    {
        var (page, requested) = await OpenDocsAsync();

        var operation = page.Locator("#operations-Seed_004-getScoreboardTop");
        await operation.Locator(".opblock-summary").ClickAsync();
        var reply = page.WaitForResponseAsync(r => r.Url.Contains("/scoreboard/top", StringComparison.Ordinal));
        await operation.Locator("button.execute").ClickAsync();

        Assert.Equal(200, (await reply).Status);
        await Assertions.Expect(operation.Locator(".live-responses-table tbody .response-col_description").First).ToContainTextAsync(_fixture.Leaders[0]);
        AssertNothingFromElsewhere(requested);
    }

    [Fact]
    public async Task The_old_docs_address_leads_to_the_try_it_page()
    {
        var (page, _) = await OpenDocsAsync("/docs.html");

        Assert.EndsWith("/docs/index.html", page.Url, StringComparison.Ordinal);
        Assert.Equal("Scoreboard API", await page.TitleAsync());
    }

    private async Task<(IPage Page, List<string> Requested)> OpenDocsAsync(string path = "/docs")
    {
        var page = await _fixture.NewPageAsync();
        var requested = new List<string>();
        page.Request += (_, request) =>
        {
            lock (requested)
            {
                requested.Add(request.Url);
            }
        };
        await page.GotoAsync(new Uri(_fixture.Server.BaseAddress, path).ToString());
        await page.WaitForSelectorAsync("#operations-Seed_004-postScoresIncrement");
        return (page, requested);
    }

    private void AssertNothingFromElsewhere(List<string> requested)
    {
        lock (requested)
        {
            Assert.NotEmpty(requested);
            var elsewhere = requested.Where(url => !url.StartsWith("data:", StringComparison.Ordinal)
                && new Uri(url).GetLeftPart(UriPartial.Authority) != _fixture.Server.BaseAddress.GetLeftPart(UriPartial.Authority)).ToList();
            Assert.True(elsewhere.Count == 0, "Loaded from elsewhere: " + string.Join(", ", elsewhere));
        }
    }
}
