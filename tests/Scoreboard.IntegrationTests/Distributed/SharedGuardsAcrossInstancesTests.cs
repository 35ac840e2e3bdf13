using System.Net.Http.Headers;
using Scoreboard.IntegrationTests.Infrastructure;
using Scoreboard.IntegrationTests.Security;
using StackExchange.Redis;
using static Scoreboard.IntegrationTests.Security.SignedBodies;

namespace Scoreboard.IntegrationTests.Distributed;

/// <summary>
/// Three instances on one PostgreSQL and one Redis (this class's own, so that it can be flushed) hold the per-user guards
/// together: a cool-down claimed on one holds on the others, the anomaly watch judges credits spread over instances
/// together, and a freeze decided on one is honoured by all within a second, and after Redis loses everything.
/// </summary>
[Collection(DistributedCollection.Name)]
[Trait("Backend", "distributed")]
public sealed class SharedGuardsAcrossInstancesTests : IAsyncLifetime
{
    /// <summary>The anomaly floor: three default credits (10 points each) reach it.</summary>
    private const int FlagAt = 30;
    private static readonly TimeSpan FreezeSpreads = TimeSpan.FromSeconds(1);
    private List<ScoreboardServer> _servers = [];
    private RedisServer _redis = null!;
    private string _postgres = "";

    public async Task InitializeAsync()
    {
        _redis = await RedisServer.StartAsync();
        _postgres = await (await DistributedBackend.PostgresAsync()).CreateDatabaseAsync("sb_guards_" + Guid.NewGuid().ToString("N")[..12]);
        var environment = DistributedBackend.Environment(_postgres, _redis.ConnectionString, "guards");
        environment["JWT_SECRET"] = SecurityFixture.JwtSecret;
        environment["HMAC_SECRET_KEY"] = SecurityFixture.HmacSecret;
        environment["Scoreboard__AntiCheat__FreezeFlagged"] = "true";
        environment["Scoreboard__AntiCheat__MinPoints"] = FlagAt.ToString(System.Globalization.CultureInfo.InvariantCulture);
        environment["Scoreboard__AntiCheat__GrowthFactor"] = "1";
        environment["Scoreboard__Actions__SLOW__Points"] = "5";
        environment["Scoreboard__Actions__SLOW__MinIntervalMs"] = "600000";
        _servers = await Instances.StartAsync(3, environment);
    }

    public async Task DisposeAsync()
    {
        await Instances.DisposeAsync(_servers);
        await _redis.DisposeAsync();
    }

    [Fact]
    public async Task A_cool_down_claimed_on_one_instance_holds_on_the_others()
    {
        var user = Json.NewId("slow");

        var first = await SlowAsync(_servers[0], user);
        var second = await SlowAsync(_servers[1], user);
        var third = await SlowAsync(_servers[2], user);

        Assert.Equal(200, first);
        Assert.Equal(429, second);
        Assert.Equal(429, third);
        Assert.Equal((1L, 5L), await LedgerOfAsync(user));
    }

    [Fact]
    public async Task Credits_spread_over_instances_are_judged_together_by_the_anomaly_watch()
    {
        var user = Json.NewId("spread");

        // 10 points on each instance: no instance alone sees the floor, all of them together reach it.
        foreach (var server in _servers)
        {
            Assert.Equal(200, await CreditAsync(server, user));
        }

        await Task.Delay(FreezeSpreads * 1.5);
        Assert.Equal(403, await CreditAsync(_servers[0], user));
        Assert.Equal((3L, 30L), await LedgerOfAsync(user));
    }

    [Fact]
    public async Task A_freeze_decided_on_one_instance_holds_on_every_instance_within_a_second_and_survives_a_redis_flushall()
    {
        var user = Json.NewId("frozen");
        // The other instances have looked at who is frozen before the flag exists.
        Assert.Equal(200, await CreditAsync(_servers[1], Json.NewId("bystander")));
        Assert.Equal(200, await CreditAsync(_servers[2], Json.NewId("bystander")));

        for (var i = 0; i < FlagAt / 10; i++)
        {
            Assert.Equal(200, await CreditAsync(_servers[0], user));
        }

        Assert.Equal(403, await CreditAsync(_servers[0], user));
        await Task.Delay(FreezeSpreads * 1.5);
        Assert.Equal(403, await CreditAsync(_servers[1], user));
        Assert.Equal(403, await CreditAsync(_servers[2], user));

        await using (var admin = await ConnectionMultiplexer.ConnectAsync($"{_redis.ConnectionString},allowAdmin=true"))
        {
            await admin.GetServers()[0].FlushAllDatabasesAsync();
        }

        await Task.Delay(FreezeSpreads * 1.5);
        foreach (var server in _servers)
        {
            Assert.Equal(403, await CreditAsync(server, user));
        }

        Assert.Equal((3L, 30L), await LedgerOfAsync(user));
    }

    private static async Task<int> CreditAsync(ScoreboardServer server, string user)
    {
        using var client = Client(server, user);
        using var response = await client.PostAsync("/api/v1/scores/update", Json.Body(Seed000(Guid.NewGuid().ToString(), user).ToJsonString()));
        return (int)response.StatusCode;
    }

    private static async Task<int> SlowAsync(ScoreboardServer server, string user)
    {
        using var client = Client(server, user);
        using var response = await client.PostAsync("/api/v1/scores/update", Json.Body(Seed002(Guid.NewGuid().ToString(), "SLOW", 5).ToJsonString()));
        return (int)response.StatusCode;
    }

    private static HttpClient Client(ScoreboardServer server, string user)
    {
        var client = server.CreateClient();
        var token = TestTokens.Hs256(SecurityFixture.JwtSecret, TestTokens.Claims(user, issuer: null, audience: null, permission: null));
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private async Task<(long Events, long Sum)> LedgerOfAsync(string user)
    {
        await using var connection = new Npgsql.NpgsqlConnection(_postgres);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand("SELECT count(*), coalesce(sum(points), 0) FROM score_events WHERE user_id = @u", connection);
        command.Parameters.AddWithValue("u", user);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.GetInt64(1));
    }
}
