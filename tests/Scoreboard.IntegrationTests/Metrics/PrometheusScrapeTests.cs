using System.Diagnostics;
using Scoreboard.IntegrationTests.Infrastructure;

namespace Scoreboard.IntegrationTests.Metrics;

/// <summary>A real Prometheus scrapes the server: what it stores is what an operator's alerts and dashboards see.</summary>
[Collection(MetricsCollection.Name)]
public sealed class PrometheusScrapeTests(MetricsFixture fixture)
{
    private const string Applied = "sum(scoreboard_credits_total{outcome=\"applied\"})";
    private const string Duplicates = "sum(scoreboard_credits_total{outcome=\"duplicate\"})";

    [Fact]
    public async Task Applied_credits_seen_through_Prometheus_rise_by_exactly_the_credits_posted()
    {
        var service = fixture.Server.CreateServiceClient();
        var (user, action) = (Json.NewId("metered"), Json.NewId("m"));
        Assert.Equal(200, await CreditAsync(service, user, action));
        // Prometheus has caught up once it holds what the server reports now; the rise is measured from there.
        var settled = await fixture.SettledScrapeAsync();
        var applied = Exposition.Sum(settled, "scoreboard_credits_total", ("outcome", "applied"));
        var duplicates = Exposition.Sum(settled, "scoreboard_credits_total", ("outcome", "duplicate"));
        await Waiting.UntilAsync(async () => await fixture.Prometheus.QueryAsync(Applied) == applied, TimeSpan.FromSeconds(60), "the first scrape");
        var ledger = (await Ledger.EventsAsync(fixture.Server.DatabasePath)).Count;

        // Concurrent, so several share a group commit; two repeats of an applied action id apply nothing.
        const int Posted = 12;
        var replies = await Task.WhenAll(Enumerable.Range(0, Posted).Select(_ => CreditAsync(service))
            .Concat([CreditAsync(service, user, action), CreditAsync(service, user, action)]));
        Assert.All(replies, status => Assert.Equal(200, status));

        await Waiting.UntilAsync(async () => await fixture.Prometheus.QueryAsync(Applied) >= applied + Posted, TimeSpan.FromSeconds(60), "the credits to be scraped");
        await Waiting.UntilAsync(async () => await fixture.Prometheus.QueryAsync(Duplicates) >= duplicates + 2, TimeSpan.FromSeconds(60), "the duplicates to be scraped");
        // Three more scrapes: the count settles at exactly that, not beyond.
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.True(await fixture.Prometheus.ScrapesAsync());
        Assert.Equal(applied + Posted, await fixture.Prometheus.QueryAsync(Applied));
        Assert.Equal(duplicates + 2, await fixture.Prometheus.QueryAsync(Duplicates));
        Assert.Equal(ledger + Posted, (await Ledger.EventsAsync(fixture.Server.DatabasePath)).Count);
    }

    [Fact]
    public async Task Exposition_passes_promtool_check_metrics()
    {
        await CreditAsync(fixture.Server.CreateServiceClient());
        await fixture.Server.Client.GetAsync("/scoreboard/top");
        var text = await Exposition.ScrapeAsync(fixture.Server.Client);
        Assert.Contains("scoreboard_credit_duration_seconds_bucket", text, StringComparison.Ordinal);
        Assert.Contains("scoreboard_commit_batch_size_bucket", text, StringComparison.Ordinal);

        var (exit, output) = await PromtoolAsync(text);

        Assert.True(exit == 0, $"promtool check metrics exited {exit}:\n{output}");
    }

    [Fact]
    public async Task Prometheus_names_follow_the_instrument_names()
    {
        await CreditAsync(fixture.Server.CreateServiceClient());
        await Waiting.UntilAsync(async () => await fixture.Prometheus.QueryAsync("scoreboard_index_users") is > 0, TimeSpan.FromSeconds(60), "index users");

        Assert.True(await fixture.Prometheus.QueryAsync("sum(scoreboard_credit_duration_seconds_count)") > 0);
        Assert.True(await fixture.Prometheus.QueryAsync("sum(scoreboard_commit_batch_size_count)") > 0);
        Assert.True(await fixture.Prometheus.QueryAsync("sum(scoreboard_index_rebuild_duration_seconds_count{trigger=\"startup\"})") >= 1);
        Assert.True(await fixture.Prometheus.QueryAsync("sum(http_server_request_duration_seconds_count)") > 0);
        Assert.NotNull(await fixture.Prometheus.QueryAsync("sum(kestrel_active_connections)"));
    }

    private static async Task<int> CreditAsync(HttpClient service, string? userId = null, string? actionId = null) =>
        (await service.PostAsync("/scores/increment", new { userId = userId ?? Json.NewId("metered"), actionId = actionId ?? Json.NewId("m") })).Status;

    private static async Task<(int Exit, string Output)> PromtoolAsync(string exposition)
    {
        var start = new ProcessStartInfo("promtool", ["check", "metrics"])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("promtool did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.StandardInput.WriteAsync(exposition);
        process.StandardInput.Close();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        return (process.ExitCode, await output + await error);
    }
}
