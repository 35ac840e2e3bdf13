using Scoreboard.IntegrationTests.Infrastructure;

namespace Scoreboard.IntegrationTests.Metrics;

/// <summary><c>/metrics</c> behind the admin key, or on a port of its own, by configuration.</summary>
public sealed class MetricsAccessTests
{
    private const string AdminKey = "metrics-admin-key-0123456789";

    [Fact]
    public async Task Metrics_behind_the_admin_key_refuse_a_scrape_without_it_and_Prometheus_scrapes_with_it()
    {
        await using var server = await ScoreboardServer.StartAsync(environment: new Dictionary<string, string?>
        {
            ["SCOREBOARD_ADMIN_KEY"] = AdminKey,
            ["Scoreboard__Metrics__Access"] = "AdminKey",
        });
        var wrong = server.CreateClient();
        wrong.DefaultRequestHeaders.Add("X-ADMIN-KEY", "not-the-admin-key-0123456789");
        var admin = server.CreateClient();
        admin.DefaultRequestHeaders.Add("X-ADMIN-KEY", AdminKey);

        Assert.Equal(401, (int)(await server.CreateClient().GetAsync("/metrics")).StatusCode);
        Assert.Equal(401, (int)(await wrong.GetAsync("/metrics")).StatusCode);
        Assert.Contains("scoreboard_", await Exposition.ScrapeAsync(admin), StringComparison.Ordinal);

        // Prometheus sends the key as a bearer token (its scrape config's `authorization`).
        await using var prometheus = await PrometheusServer.StartAsync(server.BaseAddress, bearer: AdminKey);
        await Waiting.UntilAsync(prometheus.ScrapesAsync, TimeSpan.FromSeconds(60), "a scrape with the admin key");
        Assert.NotNull(await prometheus.QueryAsync("scoreboard_index_users"));
    }

    [Fact]
    public async Task Metrics_on_their_own_port_are_not_served_on_the_service_port()
    {
        var port = FreePort.Next();
        await using var server = await ScoreboardServer.StartAsync(environment: new Dictionary<string, string?>
        {
            ["Scoreboard__Metrics__Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        using var metrics = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };

        Assert.Equal(404, (int)(await server.Client.GetAsync("/metrics")).StatusCode);
        Assert.Contains("scoreboard_", await Exposition.ScrapeAsync(metrics), StringComparison.Ordinal);
        Assert.Equal(404, (int)(await metrics.GetAsync("/scoreboard/top")).StatusCode);
        Assert.Equal(200, (int)(await server.Client.GetAsync("/scoreboard/top")).StatusCode);
    }
}
