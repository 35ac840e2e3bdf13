using Scoreboard.IntegrationTests.Infrastructure;
using Scoreboard.Webhooks;

namespace Scoreboard.IntegrationTests.Webhooks;

/// <summary>
/// An erasure through the admin API tells subscribers: <c>user.erased</c> names the user, and a flag event still
/// waiting for its receiver is sent under the pseudonym, not the erased id.
/// </summary>
public sealed class ErasureWebhookTests
{
    [Fact]
    public async Task Erasing_a_user_delivers_user_erased_and_their_pending_flag_under_the_pseudonym()
    {
        await using var receiver = await WebhookReceiver.StartAsync(down: true);
        await using var server = await ScoreboardServer.StartAsync(environment: Subscriber.Environment());
        using var admin = Subscriber.Admin(server);
        var subscription = await Subscriber.SubscribeAsync(admin, receiver.Url, WebhookRules.SuspiciousActivityFlagged, WebhookRules.UserErased);
        var user = Json.NewId("erased_hook");
        await Subscriber.CreditAsync(server, user);
        await Waiting.UntilAsync(async () => (await Subscriber.DeliveriesAsync(admin, subscription)).Count == 1, TimeSpan.FromSeconds(60), "the flag's delivery");

        using var erase = await admin.DeleteAsync($"/api/v1/admin/users/{user}");
        Assert.True(erase.IsSuccessStatusCode, $"erase: {(int)erase.StatusCode} {await erase.Content.ReadAsStringAsync()}");

        await receiver.StartAsync();
        await Waiting.UntilAsync(() => receiver.Of(WebhookRules.UserErased).Count > 0 && receiver.Of(WebhookRules.SuspiciousActivityFlagged).Count > 0,
            TimeSpan.FromSeconds(60), "both deliveries");
        var erased = Assert.Single(receiver.Of(WebhookRules.UserErased));
        Assert.Equal(user, (string?)erased.Event["data"]!["userId"]);
        var flag = Assert.Single(receiver.Of(WebhookRules.SuspiciousActivityFlagged));
        Assert.DoesNotContain(user, flag.Body, StringComparison.Ordinal);
        Assert.StartsWith("erased-", (string?)flag.Event["data"]!["userId"], StringComparison.Ordinal);
    }
}
