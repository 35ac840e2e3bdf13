using Scoreboard.IntegrationTests.Distributed;
using Scoreboard.IntegrationTests.Infrastructure;

namespace Scoreboard.IntegrationTests.Metrics;

/// <summary>While Redis is away, the outbox gauges show the standings waiting for it and reads show as cache misses.</summary>
[Collection(DistributedCollection.Name)]
[Trait("Backend", "distributed")]
public sealed class OutboxMetricsTests
{
    [Fact]
    public async Task While_Redis_is_down_the_outbox_backlog_grows_reads_miss_and_both_recover_when_it_returns()
    {
        // A Redis of its own: killing the run's shared one would disturb other tests.
        await using var redis = await RedisServer.StartAsync();
        var postgres = await DistributedBackend.PostgresAsync();
        var name = "sb_" + Guid.NewGuid().ToString("N")[..16];
        var environment = DistributedBackend.Environment(await postgres.CreateDatabaseAsync(name), redis.ConnectionString, name);
        await using var server = await ScoreboardServer.StartAsync(environment: environment);
        var service = server.CreateServiceClient();
        await Waiting.UntilAsync(async () => await GaugeAsync(server, "scoreboard_outbox_backlog") == 0, TimeSpan.FromSeconds(60), "an empty outbox");

        redis.Kill();
        const int Credits = 3;
        for (var i = 0; i < Credits; i++)
        {
            var (status, body) = await service.PostAsync("/scores/increment", new { userId = Json.NewId("waiting"), actionId = Json.NewId("o") });
            Assert.True(status == 200, $"{status} {body}");
        }

        await Waiting.UntilAsync(async () => await GaugeAsync(server, "scoreboard_outbox_backlog") == Credits, TimeSpan.FromSeconds(60), "the backlog");
        Assert.True(await GaugeAsync(server, "scoreboard_outbox_lag_seconds") > 0);
        var misses = await CounterAsync(server, "miss");
        Assert.Equal(200, (int)(await server.Client.GetAsync("/scoreboard/top")).StatusCode);
        await Waiting.UntilAsync(async () => await CounterAsync(server, "miss") > misses, TimeSpan.FromSeconds(30), "a read served by the store");

        await redis.StartAgainAsync();
        await Waiting.UntilAsync(async () => await GaugeAsync(server, "scoreboard_outbox_backlog") == 0, TimeSpan.FromSeconds(90), "the relay to drain the outbox");
        Assert.Equal(0, await GaugeAsync(server, "scoreboard_outbox_lag_seconds"));
    }

    private static async Task<double?> GaugeAsync(ScoreboardServer server, string metric)
    {
        var text = await Exposition.ScrapeAsync(server.Client);
        return text.Split('\n').Any(l => l.StartsWith(metric, StringComparison.Ordinal)) ? Exposition.Sum(text, metric) : null;
    }

    private static async Task<double> CounterAsync(ScoreboardServer server, string cache) =>
        Exposition.Sum(await Exposition.ScrapeAsync(server.Client), "scoreboard_reads_total", ("cache", cache));
}
