using Scoreboard.Webhooks;

namespace Scoreboard.IntegrationTests.Webhooks;

/// <summary>
/// The address check runs when a delivery connects, after DNS: a name that resolves to loopback is refused unless inside
/// targets are allowed, so a subscription cannot reach the server's own network through a name (SSRF, DNS rebinding).
/// </summary>
public sealed class WebhookTargetsTests
{
    [Fact]
    public async Task A_name_that_resolves_to_loopback_is_not_connected_to_unless_inside_targets_are_allowed()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var url = $"http://localhost:{receiver.Port}/hook";

        using var guarded = new HttpClient(WebhookTargets.Handler(new WebhookOptions()));
        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => guarded.PostAsync(url, new StringContent("{}")));
        Assert.Contains("no public address", refused.ToString(), StringComparison.Ordinal);
        Assert.Empty(receiver.Received);

        using var allowed = new HttpClient(WebhookTargets.Handler(new WebhookOptions { AllowPrivateTargets = true }));
        using var response = await allowed.PostAsync(url, new StringContent("{}"));
        Assert.Equal(200, (int)response.StatusCode);
        Assert.Single(receiver.Received);
    }

    [Fact]
    public async Task A_redirect_is_answered_as_it_is_and_not_followed()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Answer(307);

        using var client = new HttpClient(WebhookTargets.Handler(new WebhookOptions { AllowPrivateTargets = true }));
        using var response = await client.PostAsync(receiver.Url, new StringContent("{}"));

        Assert.Equal(307, (int)response.StatusCode);
    }
}
