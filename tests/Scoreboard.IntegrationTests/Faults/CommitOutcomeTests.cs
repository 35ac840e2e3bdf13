using Npgsql;
using Scoreboard.IntegrationTests.Infrastructure;

namespace Scoreboard.IntegrationTests.Faults;

/// <summary>
/// A connection lost after COMMIT was sent leaves the outcome unknown: PostgreSQL may well commit. The reply must not
/// then say that nothing was applied, and a retry with the same action id must find the credit, never add it twice.
/// PostgreSQL is reached through a relay the test cuts while a deferred trigger holds the commit open.
/// </summary>
[Trait("Backend", "distributed")]
public sealed class CommitOutcomeTests
{
    [Fact]
    public async Task A_commit_cut_off_in_flight_is_answered_as_unknown_and_its_retry_finds_it_applied_once()
    {
        await using var postgres = await PostgresServer.StartAsync();
        var database = new NpgsqlConnectionStringBuilder(await postgres.CreateDatabaseAsync("scoreboard"));
        await using var relay = new CuttableRelay(database.Host!, database.Port);
        var viaRelay = new NpgsqlConnectionStringBuilder(database.ConnectionString) { Host = "127.0.0.1", Port = relay.Port };
        await using var server = await ScoreboardServer.StartAsync(environment: new Dictionary<string, string?>
        {
            ["ConnectionStrings__Postgres"] = viaRelay.ConnectionString,
        });
        using var client = server.CreateServiceClient();
        Assert.Equal(200, (await client.PostAsync("/scores/increment", new { userId = "cut", actionId = "cut-warm" })).Status);

        await SqlAsync(database.ConnectionString, """
            CREATE FUNCTION test_slow_commit() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN IF NEW.action_id = 'cut-1' THEN PERFORM pg_sleep(3); END IF; RETURN NULL; END $$;
            CREATE CONSTRAINT TRIGGER test_slow_commit AFTER INSERT ON score_events
                DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION test_slow_commit();
            """);
        var credit = client.PostAsync("/scores/increment", new { userId = "cut", actionId = "cut-1" });
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        relay.CutAll();
        var (status, body) = await credit;

        // The trigger ran inside COMMIT; PostgreSQL finished it although its client had gone.
        await Waiting.UntilAsync(async () => await CountAsync(database.ConnectionString) == 1, TimeSpan.FromSeconds(15), "the commit to finish");
        var (retryStatus, retry) = await client.PostAsync("/scores/increment", new { userId = "cut", actionId = "cut-1" });

        Assert.Equal(503, status);
        Assert.DoesNotContain("nothing was applied", body.ToJsonString(), StringComparison.Ordinal);
        Assert.Contains("same action id", body.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal(200, retryStatus);
        Assert.False((bool)retry["applied"]!);
        Assert.Equal(20, (long)retry["newScore"]!);
        Assert.Equal(1, await CountAsync(database.ConnectionString));
    }

    private static async Task<long> CountAsync(string connectionString) =>
        (long)(await ScalarAsync(connectionString, "SELECT count(*) FROM score_events WHERE action_id = 'cut-1'"))!;

    private static Task SqlAsync(string connectionString, string sql) => ScalarAsync(connectionString, sql);

    private static async Task<object?> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }
}
