using System.Net;
using Scoreboard.Webhooks;

namespace Scoreboard.UnitTests.Webhooks;

public sealed class WebhookRulesTests
{
    [Fact]
    public void Backoff_starts_at_the_first_retry_doubles_and_stops_at_the_longest_wait()
    {
        var options = new WebhookOptions { FirstRetryMs = 5_000, MaxRetryMs = 60_000 };

        var waits = Enumerable.Range(1, 6).Select(n => WebhookRules.Backoff(n, options).TotalSeconds).ToList();

        Assert.Equal([5, 10, 20, 40, 60, 60], waits);
        Assert.True(WebhookRules.Backoff(1, new WebhookOptions()) <= TimeSpan.FromSeconds(10), "the default first retry comes within 10 s");
    }

    [Fact]
    public void Signature_is_the_hex_HMAC_SHA256_of_t_dot_body()
    {
        // Computed independently: printf '1700000000.{"a":1}' | openssl dgst -sha256 -hmac 0123456789abcdef
        Assert.Equal("t=1700000000,v1=9eb18f493f8ec135d9eb2dad817c369bb4e9cbfa818657897a7437c1cd8c3a23",
            WebhookRules.Signature("0123456789abcdef", 1_700_000_000, """{"a":1}"""));
    }

    [Theory]
    [InlineData("https://example.com/hook", null)]
    [InlineData("http://example.com:8080/a?b=c", null)]
    [InlineData("ftp://example.com/hook", "url")]
    [InlineData("example.com/hook", "url")]
    [InlineData("https://u:p@example.com/hook", "url")]
    [InlineData("https://example.com/hook#frag", "url")]
    public void Urls_are_absolute_http_or_https(string url, string? field) =>
        Assert.Equal(field, WebhookRules.Check(url, ["period.ended"], "0123456789abcdef")?.Field);

    [Theory]
    [InlineData("127.0.0.1", false)]
    [InlineData("10.1.2.3", false)]
    [InlineData("172.16.0.1", false)]
    [InlineData("172.32.0.1", true)]
    [InlineData("192.168.1.1", false)]
    [InlineData("169.254.169.254", false)]
    [InlineData("100.64.0.1", false)]
    [InlineData("0.0.0.0", false)]
    [InlineData("224.0.0.1", false)]
    [InlineData("8.8.8.8", true)]
    [InlineData("::1", false)]
    [InlineData("::", false)]
    [InlineData("fd00::1", false)]
    [InlineData("fe80::1", false)]
    [InlineData("::ffff:127.0.0.1", false)]
    [InlineData("64:ff9b::a00:1", false)]
    [InlineData("2606:4700::1111", true)]
    public void Only_public_addresses_are_delivery_targets(string address, bool isPublic) =>
        Assert.Equal(isPublic, WebhookTargets.IsPublic(IPAddress.Parse(address)));
}
