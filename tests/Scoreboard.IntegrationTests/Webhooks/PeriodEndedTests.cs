using System.Text.Json.Nodes;
using Scoreboard.IntegrationTests.Boards;
using Scoreboard.IntegrationTests.Infrastructure;

namespace Scoreboard.IntegrationTests.Webhooks;

/// <summary>
/// <c>period.ended</c> for a board whose periods last seconds: each ended period is announced once, with the final top N
/// a reader gets for it, and with two instances on one PostgreSQL still once (each instance watches for ended periods).
/// </summary>
public sealed class PeriodEndedTests
{
    private const string PeriodEnded = "period.ended";

    [Fact]
    public async Task Each_ended_period_is_delivered_once_with_its_final_top()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var environment = Subscriber.Environment();
        if (DistributedBackend.IsSelected)
        {
            // Two instances on one database: both notice every period's end.
            foreach (var (name, value) in await DistributedBackend.EnvironmentAsync(Json.NewId("periods")))
            {
                environment[name] = value;
            }
        }

        var servers = await Instances.StartAsync(DistributedBackend.IsSelected ? 2 : 1, environment);
        try
        {
            using var admin = Subscriber.Admin(servers[0]);
            var subscription = await Subscriber.SubscribeAsync(admin, receiver.Url, PeriodEnded);
            var board = "ticks_" + Guid.NewGuid().ToString("N")[..8];
            using var created = await admin.PutAsync($"/api/v1/admin/boards/{board}",
                Json.Body(new { title = "Ticks", actionTypes = new[] { "LEVEL_UP" }, period = "cron:*/4 * * * * *", keepPeriods = 100 }));
            Assert.Equal(201, (int)created.StatusCode);
            await Task.Delay(TimeSpan.FromSeconds(3)); // a new board counts credits a moment after it is made

            for (var i = 0; i < 6; i++)
            {
                using var service = servers[i % servers.Count].CreateServiceClient();
                var (status, body) = await BoardsFixture.CreditAsync(service, $"ticker_{i}", "LEVEL_UP", 10 + i);
                Assert.True(status == 200, $"credit: {status} {body}");
            }

            List<ReceivedHook> Ours() => [.. receiver.Of(PeriodEnded).Where(h => (string?)h.Event["data"]!["boardId"] == board)];
            var deadline = TimeSpan.FromSeconds(60);
            await Waiting.UntilAsync(() => Ours().Sum(h => h.Event["data"]!["top"]!.AsArray().Count) >= 6, deadline, "the credited periods' ends");
            // Two more periods end with nothing in them, so a second announcement of any would have had time to arrive.
            var announced = Ours().Count;
            await Waiting.UntilAsync(() => Ours().Count >= announced + 2, deadline, "two more ended periods");

            var hooks = Ours();
            Assert.Equal(hooks.Count, hooks.Select(h => (string?)h.Event["data"]!["period"]).Distinct().Count());
            Assert.Equal(hooks.Count, hooks.Select(h => (string?)h.Event["id"]).Distinct().Count());
            using var reader = servers[^1].CreateClient();
            foreach (var hook in hooks)
            {
                var data = hook.Event["data"]!;
                var period = (string)data["period"]!;
                Assert.True(DateTimeOffset.Parse((string)data["endsAt"]!, System.Globalization.CultureInfo.InvariantCulture)
                    > DateTimeOffset.Parse((string)data["startsAt"]!, System.Globalization.CultureInfo.InvariantCulture));
                var final = await BoardsFixture.EntriesAsync(reader, board, period);
                Assert.Equal(final, data["top"]!.AsArray().Select(e => ((string)e!["userId"]!, (long)e["score"]!)).ToList());
            }

            var deliveries = await Subscriber.DeliveriesAsync(admin, subscription);
            Assert.Equal(deliveries.Count, deliveries.Select(d => (string?)d!["eventId"]).Distinct().Count());
        }
        finally
        {
            await Instances.DisposeAsync(servers);
        }
    }
}
