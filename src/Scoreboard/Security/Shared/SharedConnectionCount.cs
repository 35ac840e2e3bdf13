using Scoreboard.Ranking.Redis;
using StackExchange.Redis;

namespace Scoreboard.Security.Shared;

/// <summary>
/// A cap on live connections that holds across instances. Each open connection is a member of one Redis sorted set,
/// scored by when its lease runs out; an instance renews its connections' leases with its heartbeats, so the
/// connections of an instance that crashed drop out of the count by themselves when their leases expire.
/// </summary>
public sealed class SharedConnectionCount(IConnectionMultiplexer redis, RedisKeys keys, TimeProvider clock)
{
    private const string OpenScript = """
        redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
        if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[3]) then return 0 end
        redis.call('ZADD', KEYS[1], ARGV[2], ARGV[4])
        return 1
        """;

    /// <summary>Counts <paramref name="connectionId"/> in if fewer than <paramref name="max"/> are open; false means refuse it.</summary>
    public async Task<bool> TryOpenAsync(string scope, string connectionId, int max, TimeSpan lease)
    {
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var opened = await redis.GetDatabase().ScriptEvaluateAsync(
            OpenScript, [keys.Connections(scope)], [now, now + (long)lease.TotalMilliseconds, max, connectionId]);
        return (long)opened == 1;
    }

    /// <summary>Extends a connection's lease (call on each heartbeat).</summary>
    public Task RenewAsync(string scope, string connectionId, TimeSpan lease) =>
        redis.GetDatabase().SortedSetAddAsync(keys.Connections(scope), connectionId,
            clock.GetUtcNow().ToUnixTimeMilliseconds() + (long)lease.TotalMilliseconds, SortedSetWhen.Exists);

    public Task CloseAsync(string scope, string connectionId) => redis.GetDatabase().SortedSetRemoveAsync(keys.Connections(scope), connectionId);

    /// <summary>Connections whose lease has not run out.</summary>
    public Task<long> CountAsync(string scope) => redis.GetDatabase().SortedSetLengthAsync(
        keys.Connections(scope), clock.GetUtcNow().ToUnixTimeMilliseconds(), double.PositiveInfinity, Exclude.Start);
}
