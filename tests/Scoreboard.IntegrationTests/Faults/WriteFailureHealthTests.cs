using System.Text.Json.Nodes;
using Scoreboard.IntegrationTests.Infrastructure;

namespace Scoreboard.IntegrationTests.Faults;

/// <summary>
/// Hole 11: while the store refuses writes (a full disk), <c>/health</c> answers 503 <c>write_failing</c> so a load
/// balancer drains the instance; failures are logged once per kind with a count, and health recovers with the next
/// write that succeeds. Embedded: the data folder on a real, small tmpfs that the test fills (needs root, as CI runs).
/// Distributed: PostgreSQL itself refusing every ledger insert (a CHECK constraint), since filling its disk would
/// stall the shared server; a paused or stopped PostgreSQL is "disconnected" instead (see LedgerQueueTests).
/// </summary>
public sealed class WriteFailureHealthTests
{
    [Fact]
    public async Task Health_answers_503_write_failing_while_writes_fail_and_recovers_when_one_succeeds()
    {
        await using var disk = await WriteFault.StartAsync();
        await using var server = await ScoreboardServer.StartAsync(disk.DataDir);
        using var client = server.CreateServiceClient();
        Assert.Equal(200, (await Credit(client, "before")).Status);
        var (healthyBefore, _) = await client.GetJsonAsync("/health");
        var eventsBefore = (await Ledger.EventsAsync(server.DatabasePath)).Count;

        await disk.BreakWritesAsync(server.DataDir);
        var failed = 0;
        for (var i = 0; i < 500 && failed < 5; i++)
        {
            var (status, body) = await Credit(client, $"during-{i}");
            Assert.True(status is 200 or 503, $"{status} {body}");
            failed += status == 503 ? 1 : 0;
        }

        var (unhealthy, report) = await client.GetJsonAsync("/health");
        var eventsDuring = (await Ledger.EventsAsync(server.DatabasePath)).Count;
        var failureLines = server.Output.Split('\n').Count(l => l.Contains("Writes to the store fail (", StringComparison.Ordinal));

        await disk.RepairAsync(server.DataDir);
        await Waiting.UntilAsync(async () => (await Credit(client, Guid.NewGuid().ToString())).Status == 200, TimeSpan.FromSeconds(30), "a credit after repair");
        var (healthyAfter, after) = await client.GetJsonAsync("/health");

        Assert.Equal(200, healthyBefore);
        Assert.Equal(5, failed);
        Assert.Equal(503, unhealthy);
        Assert.Equal("unhealthy", (string?)report["status"]);
        Assert.Equal("write_failing", (string?)report["services"]!["database"]);
        Assert.True(eventsDuring >= eventsBefore && eventsDuring < eventsBefore + 500, $"{eventsBefore} → {eventsDuring}");
        Assert.Equal(1, failureLines);
        Assert.DoesNotContain("at Scoreboard.Storage.", server.Output, StringComparison.Ordinal);
        Assert.Equal(200, healthyAfter);
        Assert.Equal("connected", (string?)after["services"]!["database"]);
        Assert.Contains("Writes to the store succeed again after", server.Output, StringComparison.Ordinal);
    }

    private static Task<(int Status, JsonNode Body)> Credit(HttpClient client, string actionId) =>
        client.PostAsync("/scores/increment", new { userId = "disk-user", actionId = $"disk-{actionId}" });
}
