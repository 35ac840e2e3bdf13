using Scoreboard.IntegrationTests.Infrastructure;
using Scoreboard.IntegrationTests.Security;
using static Scoreboard.IntegrationTests.Security.SignedBodies;

namespace Scoreboard.IntegrationTests.Distributed;

/// <summary>
/// A client that goes away while its credit waits (here on a paused Redis, between the cool-down claim and the ledger)
/// leaves the cool-down slot free: only an applied credit holds it.
/// </summary>
[Collection(DistributedCollection.Name)]
[Trait("Backend", "distributed")]
public sealed class CooldownAbortTests
{
    [Fact]
    public async Task A_client_gone_before_its_credit_was_queued_does_not_keep_the_cool_down()
    {
        // A Redis of its own: pausing it must not stall the other tests' servers.
        await using var redis = await RedisServer.StartAsync();
        var postgres = await DistributedBackend.PostgresAsync();
        var environment = DistributedBackend.Environment(await postgres.CreateDatabaseAsync("sb_abort_" + Guid.NewGuid().ToString("N")[..12]), redis.ConnectionString, "abort");
        await using var server = await IdentityFixture.StartAsync(environment);
        var user = Json.NewId("leaver");
        var client = IdentityFixture.UserClient(server, user);

        // Warm: the store's connections are open, so the request below waits on Redis alone, after its cool-down claim.
        Assert.Equal(200, (await client.PostAsync("/api/v1/scores/update", Seed002(Json.NewId("warm"), "ACHIEVEMENT", 150))).Status);

        await redis.SignalAsync("STOP");
        try
        {
            using var gone = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
                client.PostAsync("/api/v1/scores/update", Json.Body(Seed002(Json.NewId("level"), "LEVEL_UP", 100).ToJsonString()), gone.Token));
            await Task.Delay(TimeSpan.FromMilliseconds(500));
        }
        finally
        {
            await redis.SignalAsync("CONT");
        }

        // The abandoned request finishes unapplied once Redis answers; then the slot is free again.
        await Task.Delay(TimeSpan.FromSeconds(1));
        var (status, reply) = await client.PostAsync("/api/v1/scores/update", Seed002(Json.NewId("level"), "LEVEL_UP", 100));

        Assert.True(status == 200, reply.ToJsonString());
        await using var connection = new Npgsql.NpgsqlConnection(environment["ConnectionStrings__Postgres"]);
        await connection.OpenAsync();
        await using var total = new Npgsql.NpgsqlCommand("SELECT sum(points)::bigint FROM score_events WHERE user_id = $1", connection);
        total.Parameters.AddWithValue(user);
        Assert.Equal(250L, await total.ExecuteScalarAsync());
    }
}
