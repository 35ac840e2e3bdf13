using Npgsql;
using Scoreboard.IntegrationTests.Infrastructure;

namespace Scoreboard.IntegrationTests.Faults;

/// <summary>
/// While PostgreSQL hangs, credits wait for a commit in the ledger's queue. The queue is bounded: beyond it, credits
/// answer 503 with Retry-After at once, and when PostgreSQL returns every acknowledged credit is in the ledger once.
/// A private PostgreSQL, since pausing the suite's shared one would stall every test running beside this one.
/// </summary>
[Trait("Backend", "distributed")]
public sealed class LedgerQueueTests
{
    private const int MaxQueue = 8;
    private const int MaxBatch = 4;
    private const int Credits = 40;

    [Fact]
    public async Task While_PostgreSQL_is_paused_the_queue_stays_bounded_and_the_rest_answer_503_at_once()
    {
        await using var postgres = await PostgresServer.StartAsync();
        var database = await postgres.CreateDatabaseAsync("scoreboard");
        await using var server = await ScoreboardServer.StartAsync(environment: new Dictionary<string, string?>
        {
            ["ConnectionStrings__Postgres"] = database,
            ["Scoreboard__Storage__MaxQueue"] = $"{MaxQueue}",
            ["Scoreboard__Storage__MaxBatch"] = $"{MaxBatch}",
        });
        using var client = server.CreateServiceClient();
        client.Timeout = TimeSpan.FromMinutes(2);
        Assert.Equal(200, (await client.PostAsync("/scores/increment", new { userId = "warm", actionId = "warm-1" })).Status);

        Task<HttpResponseMessage>[] credits;
        int pendingAtResume;
        var answeredWhilePaused = new List<(int Index, HttpResponseMessage Response)>();
        await using (var pause = await PostgresPause.StartAsync(database))
        {
            credits = [.. Enumerable.Range(0, Credits).Select(i => client.PostAsync("/scores/increment", Json.Body(new { userId = $"q{i}", actionId = $"queued-{i}" })))];

            // Those beyond the queue and the batch in flight are answered while PostgreSQL is still paused.
            await Waiting.UntilAsync(() => credits.Count(c => c.IsCompleted) >= Credits - MaxQueue - MaxBatch, TimeSpan.FromSeconds(30), "the refusals");
            await Task.Delay(TimeSpan.FromSeconds(2));
            var (health, healthBody) = await client.GetJsonAsync("/health");
            Assert.Equal(503, health);
            Assert.Equal("disconnected", (string?)healthBody["services"]!["database"]);

            for (var i = 0; i < Credits; i++)
            {
                if (credits[i].IsCompleted)
                {
                    answeredWhilePaused.Add((i, await credits[i]));
                }
            }

            pendingAtResume = Credits - answeredWhilePaused.Count;
        }

        var replies = await Task.WhenAll(credits);
        Assert.InRange(pendingAtResume, 1, MaxQueue + MaxBatch);
        foreach (var (_, response) in answeredWhilePaused)
        {
            Assert.Equal(503, (int)response.StatusCode);
            Assert.True(response.Headers.RetryAfter is not null, "Retry-After");
            Assert.Equal("SERVICE_UNAVAILABLE", (string?)(await Json.ReadAsync(response))["error"]!["code"]);
        }

        var events = await EventsPerUserAsync(database);
        for (var i = 0; i < Credits; i++)
        {
            var status = (int)replies[i].StatusCode;
            var expected = status == 200 ? 1 : 0;
            Assert.True(status is 200 or 503, $"credit {i}: {status}");
            Assert.True(events.GetValueOrDefault($"q{i}") == expected, $"credit {i} answered {status}, ledger holds {events.GetValueOrDefault($"q{i}")}");
        }

        Assert.Contains(replies, r => (int)r.StatusCode == 200);
        Assert.Contains("The ledger queue holds its maximum of 8 credits", server.Output, StringComparison.Ordinal);
    }

    private static async Task<Dictionary<string, long>> EventsPerUserAsync(string database)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT user_id, count(*) FROM score_events GROUP BY user_id", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var counts = new Dictionary<string, long>();
        while (await reader.ReadAsync())
        {
            counts[reader.GetString(0)] = reader.GetInt64(1);
        }

        return counts;
    }
}
