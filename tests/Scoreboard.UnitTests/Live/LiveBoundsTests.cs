using Microsoft.Extensions.Options;
using Scoreboard.Live;

namespace Scoreboard.UnitTests.Live;

/// <summary>What one client may hold: its address's share of the connection cap, and a connection's queued bytes.</summary>
public sealed class LiveBoundsTests
{
    [Fact]
    public void An_address_holds_at_most_its_share_of_the_cap_while_other_addresses_still_join()
    {
        var hub = new LiveHub(Options.Create(new LiveOptions { MaxConnections = 20 }));
        var mine = Enumerable.Range(0, 2).Select(i => hub.TryJoin(WireFormat.Seed004, null, "10.0.0.1", out _)).ToList();

        Assert.All(mine, Assert.NotNull);
        Assert.Null(hub.TryJoin(WireFormat.Seed004, null, "10.0.0.1", out var refusal));
        Assert.Equal(JoinRefusal.AddressShare, refusal);
        Assert.NotNull(hub.TryJoin(WireFormat.Seed004, null, "10.0.0.2", out _));

        hub.Leave(mine[0]!);
        Assert.NotNull(hub.TryJoin(WireFormat.Seed004, null, "10.0.0.1", out _));
        Assert.Equal(3, hub.Count);
    }

    [Fact]
    public async Task Control_packets_past_the_byte_bound_close_the_subscriber_instead_of_queueing()
    {
        var subscriber = Join();
        var accepted = 0;
        while (subscriber.EnqueueControl("3"u8.ToArray()))
        {
            accepted++;
        }

        Assert.InRange(accepted, 100, LiveSubscriber.MaxQueuedBytes);
        Assert.True(subscriber.Overflowed);
        Assert.False(subscriber.EnqueueControl("3"u8.ToArray()));
        Assert.Empty(await subscriber.NextAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Drained_control_packets_give_their_bytes_back()
    {
        var subscriber = Join();
        var packet = new byte[LiveSubscriber.MaxQueuedBytes / 4];
        for (var round = 0; round < 10; round++)
        {
            Assert.True(subscriber.EnqueueControl(packet));
            Assert.True(subscriber.EnqueueControl(packet));
            Assert.Equal(2, (await subscriber.NextAsync(CancellationToken.None)).Count);
        }
    }

    [Theory]
    [InlineData("203.0.113.7", "203.0.113.7")]
    [InlineData("::ffff:203.0.113.7", "203.0.113.7")]
    [InlineData("2001:db8:1:2:aaaa::1", "2001:db8:1:2::/64")]
    [InlineData("2001:db8:1:2:bbbb::9", "2001:db8:1:2::/64")]
    public void A_client_address_counts_as_itself_and_IPv6_as_its_64(string address, string counted) =>
        Assert.Equal(counted, ClientAddress.Of(System.Net.IPAddress.Parse(address)));

    private static LiveSubscriber Join() =>
        new LiveHub(Options.Create(new LiveOptions())).TryJoin(WireFormat.Seed002SocketIo, null, "192.0.2.1", out _)!;
}
