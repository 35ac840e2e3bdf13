using Scoreboard.Security.Signing;

namespace Scoreboard.UnitTests.Security;

/// <summary>The worked examples published in the README, computed independently (openssl dgst -sha256 -hmac).</summary>
public sealed class RequestSignatureTests
{
    private const string Secret = "example-hmac-secret-0123456789";
    private const string ActionId = "3f1c2a9e-7b4d-4c1e-9a57-1f2e3d4c5b6a";

    [Fact]
    public void Seed000_example_from_the_readme_signs_to_the_published_hex()
    {
        var canonical = RequestSignatures.Canonical000(ActionId, 1760697000, "user-123");

        Assert.Equal("000|3f1c2a9e-7b4d-4c1e-9a57-1f2e3d4c5b6a|1760697000|user-123", canonical);
        Assert.Equal("4f34ece3ef69bf684bd7fa2efb4555909033022a5dc679745493ad5270ae8e57", RequestSignatures.Sign(Secret, canonical));
    }

    [Fact]
    public void Seed002_example_from_the_readme_signs_to_the_published_hex()
    {
        var canonical = RequestSignatures.Canonical002(ActionId, "TASK_COMPLETE", 10, "2025-10-17T10:30:00Z");

        Assert.Equal("3f1c2a9e-7b4d-4c1e-9a57-1f2e3d4c5b6aTASK_COMPLETE102025-10-17T10:30:00Z", canonical);
        Assert.Equal("b38da5e1f0fd35c648955faed06b581da1adad085ece12de0f36ef9f10fa302e", RequestSignatures.Sign(Secret, canonical));
    }

    [Fact]
    public void Seed003_example_from_the_readme_signs_to_the_published_hex()
    {
        var canonical = RequestSignatures.Canonical003(ActionId, 10, "user-123");

        Assert.Equal("003|3f1c2a9e-7b4d-4c1e-9a57-1f2e3d4c5b6a|10|user-123", canonical);
        Assert.Equal("05fa637bfd516fd0339eb0353eda979599009c6767586ffb29d0d362ccf3b15e", RequestSignatures.Sign(Secret, canonical));
    }

    [Fact]
    public void Per_user_key_example_from_the_readme_derives_the_published_key()
    {
        Assert.Equal("8be1f41364d568309eb172e7516f60772dc097e55fdd7dfb66507f55b096bfd8", RequestSignatures.UserKey(Secret, "user-123"));
    }

    [Fact]
    public void Verify_accepts_upper_case_hex_and_refuses_any_changed_byte()
    {
        var canonical = RequestSignatures.Canonical003(ActionId, 10, "user-123");
        var signature = RequestSignatures.Sign(Secret, canonical);

        Assert.True(RequestSignatures.Verify(Secret, canonical, signature.ToUpperInvariant()));
        Assert.False(RequestSignatures.Verify(Secret, canonical, signature[..^1] + (signature[^1] == '0' ? '1' : '0')));
        Assert.False(RequestSignatures.Verify(Secret, RequestSignatures.Canonical003(ActionId, 11, "user-123"), signature));
        Assert.False(RequestSignatures.Verify("another-secret-0123456789", canonical, signature));
        Assert.False(RequestSignatures.Verify(Secret, canonical, signature[..62]));
        Assert.False(RequestSignatures.Verify(Secret, canonical, null));
        Assert.False(RequestSignatures.Verify(Secret, canonical, new string('z', 64)));
    }

    [Fact]
    public void A_signature_made_for_000_does_not_verify_as_003_with_the_same_numbers()
    {
        var as000 = RequestSignatures.Sign(Secret, RequestSignatures.Canonical000(ActionId, 10, "user-123"));

        Assert.False(RequestSignatures.Verify(Secret, RequestSignatures.Canonical003(ActionId, 10, "user-123"), as000));
    }

    [Fact]
    public void Timestamp_window_is_inclusive_both_ways_and_refuses_beyond()
    {
        var now = DateTimeOffset.Parse("2025-10-17T10:30:00Z", System.Globalization.CultureInfo.InvariantCulture);
        var window = TimeSpan.FromMinutes(5);

        Assert.True(RequestSignatures.InWindow(now.AddMinutes(5), now, window));
        Assert.True(RequestSignatures.InWindow(now.AddMinutes(-5), now, window));
        Assert.False(RequestSignatures.InWindow(now.AddMinutes(5).AddSeconds(1), now, window));
        Assert.False(RequestSignatures.InWindow(now.AddMinutes(-5).AddSeconds(-1), now, window));
    }
}
