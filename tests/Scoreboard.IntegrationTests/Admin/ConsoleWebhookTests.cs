using Scoreboard.IntegrationTests.Infrastructure;
using Scoreboard.IntegrationTests.Webhooks;
using Scoreboard.Webhooks;

namespace Scoreboard.IntegrationTests.Admin;

/// <summary>The console lists a webhook's dead letters, and its re-send gets the event to the receiver once it is back.</summary>
public sealed class ConsoleWebhookTests(ConsoleFixture fixture) : IClassFixture<ConsoleFixture>
{
    [Fact]
    public async Task A_dead_letter_shows_in_the_console_and_its_re_send_is_delivered()
    {
        await using var receiver = await WebhookReceiver.StartAsync(down: true);
        using var admin = fixture.AdminClient();
        var subscription = await Subscriber.SubscribeAsync(admin, receiver.Url, WebhookRules.SuspiciousActivityFlagged);
        var cheater = await fixture.CheatAsync();
        await Waiting.UntilAsync(async () => (await Subscriber.DeliveriesAsync(admin, subscription, "dead")).Count == 1,
            TimeSpan.FromSeconds(60), "the flag's delivery to die after its one attempt");

        var page = await fixture.SignedInAsync();
        var row = page.Locator($"#webhooks-table tr[data-webhook='{subscription}'] + tr[data-delivery]");
        await row.WaitForAsync(new() { Timeout = 30_000 });
        Assert.Contains(WebhookRules.SuspiciousActivityFlagged, await row.InnerTextAsync(), StringComparison.Ordinal);

        await receiver.StartAsync();
        await row.GetByRole(Microsoft.Playwright.AriaRole.Button, new() { Name = "Re-send" }).ClickAsync();

        await Waiting.UntilAsync(() => receiver.Of(WebhookRules.SuspiciousActivityFlagged).Count > 0, TimeSpan.FromSeconds(60), "the re-sent delivery");
        Assert.Equal(cheater, (string?)receiver.Of(WebhookRules.SuspiciousActivityFlagged)[0].Event["data"]!["userId"]);
        await page.Locator($"#webhooks-table tr[data-delivery]").WaitForAsync(new() { State = Microsoft.Playwright.WaitForSelectorState.Detached, Timeout = 30_000 });
        Assert.Empty(await Subscriber.DeliveriesAsync(admin, subscription, "dead"));
    }
}
