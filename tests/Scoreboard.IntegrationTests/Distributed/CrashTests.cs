using Scoreboard.IntegrationTests.Infrastructure;
using StackExchange.Redis;

namespace Scoreboard.IntegrationTests.Distributed;

/// <summary>
/// Faults during a burst of credits, each on its own PostgreSQL and Redis so they can be killed. Afterwards every
/// acknowledged credit is in the ledger exactly once, totals equal the ledger sums, and Redis equals the store's ranking.
/// </summary>
[Collection(DistributedCollection.Name)]
[Trait("Backend", "distributed")]
public sealed class CrashTests : IAsyncLifetime
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);
    private List<ScoreboardServer> _servers = [];
    private PostgresServer _postgres = null!;
    private RedisServer _redis = null!;
    private Dictionary<string, string?> _environment = null!;

    public async Task InitializeAsync()
    {
        _postgres = await PostgresServer.StartAsync();
        _redis = await RedisServer.StartAsync();
        _environment = DistributedBackend.Environment(await _postgres.CreateDatabaseAsync("scoreboard"), _redis.ConnectionString, "crash");
        _servers = await Instances.StartAsync(2, _environment);
    }

    public async Task DisposeAsync()
    {
        await Instances.DisposeAsync(_servers);
        await _redis.DisposeAsync();
        await _postgres.DisposeAsync();
    }

    [Fact]
    public async Task Killing_an_instance_mid_burst_loses_no_acknowledged_credit()
    {
        var burst = new Burst(_servers);
        var running = burst.RunAsync(count: 1_600, concurrency: 16);
        await WaitForAsync(() => burst.Acknowledged.Count >= 200);

        _servers[0].Kill();
        burst.Targets = i => i == 1;
        await running;

        Assert.Contains(0, burst.Statuses);
        await AssertConsistentAsync(burst);
    }

    [Fact]
    public async Task Redis_restarting_mid_burst_leaves_credits_committing_and_the_index_rebuilt()
    {
        using var stop = new CancellationTokenSource();
        var burst = new Burst(_servers);
        var running = burst.RunAsync(count: 100_000, concurrency: 8, stop.Token);
        await WaitForAsync(() => burst.Acknowledged.Count >= 100);

        _redis.Kill();
        var beforeOutage = burst.Acknowledged.Count;
        await WaitForAsync(() => burst.Acknowledged.Count >= beforeOutage + 100);
        var (_, health) = await _servers[0].Client.GetJsonAsync("/health");
        Assert.Equal("disconnected", (string?)health["services"]!["redis"]);
        Assert.Equal("connected", (string?)health["services"]!["database"]);
        var (status, board) = await _servers[1].Client.GetJsonAsync("/scoreboard/top?limit=10");
        Assert.Equal(200, status);
        Assert.Equal(10, board["entries"]!.AsArray().Count);

        await _redis.StartAgainAsync();
        var afterOutage = burst.Acknowledged.Count;
        await WaitForAsync(() => burst.Acknowledged.Count >= afterOutage + 100);
        await stop.CancelAsync();
        await running;

        Assert.DoesNotContain(503, burst.Statuses);
        await AssertConsistentAsync(burst);
    }

    [Fact]
    public async Task Flushing_redis_mid_burst_is_repaired_from_the_store()
    {
        using var stop = new CancellationTokenSource();
        var burst = new Burst(_servers);
        var running = burst.RunAsync(count: 100_000, concurrency: 8, stop.Token);
        await WaitForAsync(() => burst.Acknowledged.Count >= 200);

        await using (var admin = await ConnectionMultiplexer.ConnectAsync($"{_redis.ConnectionString},allowAdmin=true"))
        {
            await admin.GetServers()[0].FlushAllDatabasesAsync();
        }

        var afterFlush = burst.Acknowledged.Count;
        await WaitForAsync(() => burst.Acknowledged.Count >= afterFlush + 200);
        await stop.CancelAsync();
        await running;

        await AssertConsistentAsync(burst);
    }

    [Fact]
    public async Task PostgreSQL_stopping_mid_burst_answers_503_with_retry_after_and_serves_reads_from_redis()
    {
        using var stop = new CancellationTokenSource();
        var burst = new Burst(_servers);
        var running = burst.RunAsync(count: 100_000, concurrency: 8, stop.Token);
        await WaitForAsync(() => burst.Acknowledged.Count >= 200);

        await _postgres.StopAsync();
        await WaitForAsync(() => burst.Statuses.Count(s => s == 503) >= 20);
        var (status, board) = await _servers[0].Client.GetJsonAsync("/scoreboard/top?limit=10");
        Assert.Equal(200, status);
        Assert.Equal(10, board["entries"]!.AsArray().Count);
        using (var health = await _servers[1].Client.GetAsync("/health"))
        {
            Assert.Equal("disconnected", (string?)(await Json.ReadAsync(health))["services"]!["database"]);
        }

        await _postgres.StartAgainAsync();
        var afterRestart = burst.Acknowledged.Count;
        await WaitForAsync(() => burst.Acknowledged.Count >= afterRestart + 200);
        await stop.CancelAsync();
        await running;

        Assert.All(burst.Statuses, s => Assert.Contains(s, new[] { 200, 503 }));
        Assert.NotEmpty(burst.RetryAfter);
        await AssertConsistentAsync(burst);
    }

    [Fact]
    public async Task An_instance_starts_while_redis_is_down_and_the_index_is_built_when_it_returns()
    {
        _redis.Kill();
        var late = await ScoreboardServer.StartAsync(environment: _environment);
        _servers.Add(late);
        using var client = late.CreateServiceClient();

        var (status, credited) = await client.PostAsync("/scores/increment", new { userId = "late_user", actionId = "late_1" });
        var (_, board) = await client.GetJsonAsync("/scoreboard/top?limit=10");
        var (_, health) = await client.GetJsonAsync("/health");

        Assert.Equal(200, status);
        Assert.True((bool)credited["applied"]!);
        Assert.Equal("late_user", (string?)board["entries"]![0]!["userId"]);
        Assert.Equal("degraded", (string?)health["status"]);
        Assert.Equal("disconnected", (string?)health["services"]!["redis"]);

        await _redis.StartAgainAsync();
        await new ClusterLedger(_environment["ConnectionStrings__Postgres"]!, _environment["ConnectionStrings__Redis"]!, "crash")
            .AssertIndexMatchesStoreAsync(Bound);
    }

    private async Task AssertConsistentAsync(Burst burst)
    {
        var ledger = new ClusterLedger(_environment["ConnectionStrings__Postgres"]!, _environment["ConnectionStrings__Redis"]!, "crash");
        await ledger.AssertConsistentAsync(burst.Acknowledged);
        await ledger.AssertIndexMatchesStoreAsync(Bound);
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Bound;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the burst did not get there in time");
            await Task.Delay(20);
        }
    }
}
