using Scoreboard.Security;

namespace Scoreboard.UnitTests.Security;

public sealed class ProxyOptionsTests
{
    [Theory]
    [InlineData("", true)]
    [InlineData("10.0.0.0/8, 127.0.0.2", true)]
    [InlineData("::1/128,192.168.1.0/24", true)]
    [InlineData("10.0.0.0/33", false)]
    [InlineData("proxy.example", false)]
    public void Known_proxies_are_addresses_or_cidrs(string value, bool valid)
    {
        Assert.Equal(valid, ProxyOptions.Check(new ProxyOptions { KnownProxies = value }) is null);
    }
}
