using Scoreboard.Diagnostics;

namespace Scoreboard.UnitTests.Diagnostics;

public sealed class LogRedactionTests
{
    private const string Jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1In0.c2lnbmF0dXJl";

    [Theory]
    [InlineData("Request starting HTTP/1.1 GET http://h/ws/scoreboard?access_token=abc.def&userId=u - -", "access_token=[redacted]&userId=u")]
    [InlineData("GET http://h/socket.io/?EIO=4&transport=polling&sid=Xy_z-09 - 200", "sid=[redacted] - 200")]
    [InlineData("GET /x?a=1&access_token%3Dsecret", "access_token%3D[redacted]")]
    [InlineData("Bearer " + Jwt + " was refused", "Bearer [redacted] was refused")]
    public void Credentials_are_replaced(string line, string expected)
    {
        var redacted = LogRedaction.Redact(line);

        Assert.Contains(expected, redacted, StringComparison.Ordinal);
        Assert.DoesNotContain("abc.def", redacted, StringComparison.Ordinal);
        Assert.DoesNotContain("Xy_z-09", redacted, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", redacted, StringComparison.Ordinal);
        Assert.DoesNotContain(Jwt, redacted, StringComparison.Ordinal);
    }

    [Fact]
    public void A_line_without_credentials_is_the_same_string()
    {
        const string line = "Credit a-1 for user_1: applied, +10 → 10 (caller bootstrap, service)";

        Assert.Same(line, LogRedaction.Redact(line));
    }
}
