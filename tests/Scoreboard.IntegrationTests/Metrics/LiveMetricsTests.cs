using Scoreboard.IntegrationTests.Infrastructure;

namespace Scoreboard.IntegrationTests.Metrics;

/// <summary>Live connections are counted by transport while open, and each board pushed to them is a delivery.</summary>
[Collection(MetricsCollection.Name)]
public sealed class LiveMetricsTests(MetricsFixture fixture)
{
    private const string Connections = "scoreboard_live_connections";
    private const string Deliveries = "scoreboard_live_deliveries_total";

    [Fact]
    public async Task An_open_websocket_is_a_connection_and_each_board_it_receives_a_delivery()
    {
        var before = await fixture.SettledScrapeAsync();
        var open = Exposition.Sum(before, Connections, ("transport", "websocket"));

        var socket = await WsClient.ConnectAsync(fixture.Server, "/ws/scoreboard");
        // The snapshot is the board as it stands: one delivery. (A credit need not change the top of a busy board.)
        await socket.ReceiveAsync();

        var during = await fixture.SettledScrapeAsync();
        Assert.Equal(open + 1, Exposition.Sum(during, Connections, ("transport", "websocket")));
        Assert.True(Exposition.Sum(during, Deliveries, ("transport", "websocket")) >= Exposition.Sum(before, Deliveries, ("transport", "websocket")) + 1);

        await socket.DisposeAsync();
        await Waiting.UntilAsync(async () => Exposition.Sum(await Exposition.ScrapeAsync(fixture.Server.Client), Connections, ("transport", "websocket")) == open,
            TimeSpan.FromSeconds(30), "the connection to close");
    }
}
