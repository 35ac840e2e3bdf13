using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Scoreboard.IntegrationTests.Infrastructure;
using Scoreboard.Ranking.Redis;
using Scoreboard.Security.AntiCheat;
using Scoreboard.Security.Limits;
using Scoreboard.Security.Shared;
using StackExchange.Redis;

namespace Scoreboard.IntegrationTests.Distributed;

/// <summary>Limits counted in Redis hold across instances: two connections here stand for two server instances.</summary>
[Trait("Backend", "distributed")]
public sealed class SharedLimitsTests : IAsyncLifetime
{
    private IConnectionMultiplexer _first = null!;
    private IConnectionMultiplexer _second = null!;
    private RedisKeys _keys = null!;

    public async Task InitializeAsync()
    {
        var redis = (await DistributedBackend.RedisAsync()).ConnectionString;
        (_first, _second) = (await ConnectionMultiplexer.ConnectAsync(redis), await ConnectionMultiplexer.ConnectAsync(redis));
        _keys = new RedisKeys(Json.NewId("limits"));
    }

    public async Task DisposeAsync()
    {
        await _first.DisposeAsync();
        await _second.DisposeAsync();
    }

    [Fact]
    public async Task A_rate_limit_counts_requests_on_every_instance_together()
    {
        var a = new SharedRateCounter(_first, _keys);
        var b = new SharedRateCounter(_second, _keys);
        var window = TimeSpan.FromMinutes(1);

        var decisions = new List<RateDecision>();
        for (var i = 0; i < 6; i++)
        {
            decisions.Add(await (i % 2 == 0 ? a : b).HitAsync("user", "user_1", 5, window));
        }

        Assert.All(decisions.Take(5), d => Assert.True(d.Allowed));
        Assert.False(decisions[5].Allowed);
        Assert.InRange(decisions[5].RetryAfter, TimeSpan.FromSeconds(1), window);
        Assert.True((await a.HitAsync("user", "user_2", 5, window)).Allowed);
    }

    [Fact]
    public async Task A_connection_cap_holds_across_instances_and_frees_a_closed_slot()
    {
        var a = new SharedConnectionCount(_first, _keys, TimeProvider.System);
        var b = new SharedConnectionCount(_second, _keys, TimeProvider.System);
        var lease = TimeSpan.FromMinutes(1);

        Assert.True(await a.TryOpenAsync("ws", "a-1", 3, lease));
        Assert.True(await b.TryOpenAsync("ws", "b-1", 3, lease));
        Assert.True(await a.TryOpenAsync("ws", "a-2", 3, lease));
        Assert.False(await b.TryOpenAsync("ws", "b-2", 3, lease));

        await a.CloseAsync("ws", "a-1");
        Assert.True(await b.TryOpenAsync("ws", "b-2", 3, lease));
        Assert.Equal(3, await b.CountAsync("ws"));
    }

    [Fact]
    public async Task Connections_of_a_crashed_instance_stop_counting_when_their_lease_runs_out()
    {
        var clock = new ManualClock();
        var crashed = new SharedConnectionCount(_first, _keys, clock);
        var alive = new SharedConnectionCount(_second, _keys, clock);
        Assert.True(await crashed.TryOpenAsync("ws", "gone-1", 1, TimeSpan.FromSeconds(30)));
        Assert.False(await alive.TryOpenAsync("ws", "new-1", 1, TimeSpan.FromSeconds(30)));

        // No renewals arrive from the crashed instance; its lease ends.
        clock.Now += TimeSpan.FromSeconds(31);

        Assert.True(await alive.TryOpenAsync("ws", "new-1", 1, TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task A_cool_down_released_on_one_instance_is_free_on_the_other_but_a_refused_claim_frees_nothing()
    {
        var clock = new ManualClock();
        var a = Cooldowns(_first, clock);
        var b = Cooldowns(_second, clock);

        var held = await a.TryClaimAsync("u1", "LEVEL_UP", 30_000);
        var refused = await b.TryClaimAsync("u1", "LEVEL_UP", 30_000);
        await b.ReleaseAsync(refused);
        var stillRefused = await b.TryClaimAsync("u1", "LEVEL_UP", 30_000);
        await a.ReleaseAsync(held);
        var afterRelease = await b.TryClaimAsync("u1", "LEVEL_UP", 30_000);

        Assert.True(held.Claimed);
        Assert.True(refused.Wait is { } wait && wait > TimeSpan.Zero && wait <= TimeSpan.FromSeconds(30));
        Assert.False(stillRefused.Claimed);
        Assert.True(afterRelease.Claimed);
    }

    [Fact]
    public async Task The_shared_anomaly_window_sees_what_the_in_memory_one_sees()
    {
        var clock = new ManualClock();
        var options = Options.Create(new AnomalyOptions { WindowSeconds = 60, RegularCount = 3 });
        var memory = new AnomalyWindow(options, clock);
        var shared = new[] { _first, _second }.Select(r => new SharedAnomalyWindow(
            r, _keys, new AnomalyWindow(options, clock), options, clock, NullLogger<SharedAnomalyWindow>.Instance)).ToArray();
        (string User, long Points, int AfterSeconds)[] credits =
            [("a", 10, 0), ("b", 20, 5), ("a", 30, 5), ("c", 5, 20), ("a", 10, 40), ("b", 50, 10), ("c", 5, 30), ("a", 10, 1)];

        for (var i = 0; i < credits.Length; i++)
        {
            var (user, points, after) = credits[i];
            clock.Now += TimeSpan.FromSeconds(after);
            var expected = await memory.RecordAsync(user, points);
            var actual = await shared[i % 2].RecordAsync(user, points);

            Assert.Equal(expected.Gain, actual.Gain);
            Assert.Equal(expected.Others.Count, actual.Others.Count);
            Assert.Equal(expected.Others.Sum, actual.Others.Sum, 6);
            Assert.Equal(expected.Others.Squares, actual.Others.Squares, 6);
            Assert.Equal(expected.Times.TakeLast(3), actual.Times.TakeLast(3));
        }
    }

    private SharedCooldowns Cooldowns(IConnectionMultiplexer redis, TimeProvider clock) =>
        new(redis, _keys, new Cooldowns(clock), clock, NullLogger<SharedCooldowns>.Instance);

    private sealed class ManualClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = DateTimeOffset.UtcNow;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
