using Scoreboard.IntegrationTests.Distributed;
using Scoreboard.IntegrationTests.Infrastructure;

namespace Scoreboard.IntegrationTests.Live;

/// <summary>In distributed mode an address's share of the live-connection cap counts its connections on every instance.</summary>
[Collection(DistributedCollection.Name)]
[Trait("Backend", "distributed")]
public sealed class LiveSharesAcrossInstancesTests
{
    [Fact]
    public async Task An_address_holding_its_share_over_two_instances_is_refused_on_both()
    {
        var environment = await DistributedBackend.EnvironmentAsync(Json.NewId("live-shares"));
        environment["Scoreboard__Live__MaxConnections"] = "20";
        var servers = await Instances.StartAsync(2, environment);
        try
        {
            using var first = EngineIoRaw.ClientFrom(servers[0], "127.0.0.1");
            using var second = EngineIoRaw.ClientFrom(servers[1], "127.0.0.1");
            using var other = EngineIoRaw.ClientFrom(servers[0], "127.0.0.2");

            // One handshake on each instance: each holds one, so only the shared count sees the address's share (2) taken.
            await EngineIoRaw.HandshakeAsync(first);
            await EngineIoRaw.HandshakeAsync(second);

            Assert.Equal(429, await EngineIoRaw.StreamStatusAsync(first));
            Assert.Equal(429, await EngineIoRaw.StreamStatusAsync(second));
            Assert.Equal(200, await EngineIoRaw.StreamStatusAsync(other));
        }
        finally
        {
            await Instances.DisposeAsync(servers);
        }
    }
}
