using Scoreboard.Ranking.Redis;
using StackExchange.Redis;

namespace Scoreboard.Security.Shared;

/// <summary>
/// A cap on live connections that holds across instances. Each open connection is a member of one Redis sorted set,
/// scored by when its lease runs out; an instance renews its connections' leases with its heartbeats, so the
/// connections of an instance that crashed drop out of the count by themselves when their leases expire.
/// A connection may also belong to a partition (its client's address) with a smaller cap of its own: a second
/// sorted set per partition, with the same members and leases, that expires with its last lease.
/// </summary>
public sealed class SharedConnectionCount(IConnectionMultiplexer redis, RedisKeys keys, TimeProvider clock)
{
    /// <summary>The outcome of <see cref="TryOpenAsync(string, string, int, TimeSpan, string, int)"/>.</summary>
    public enum Opening
    {
        Full = 0,
        Opened = 1,
        PartitionFull = 2,
    }

    // Both keys carry the board's hash tag, so one script may touch them on a Redis Cluster too.
    private const string OpenScript = """
        redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
        if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[3]) then return 0 end
        if #KEYS > 1 then
          redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', ARGV[1])
          if redis.call('ZCARD', KEYS[2]) >= tonumber(ARGV[5]) then return 2 end
        end
        redis.call('ZADD', KEYS[1], ARGV[2], ARGV[4])
        if #KEYS > 1 then
          redis.call('ZADD', KEYS[2], ARGV[2], ARGV[4])
          if redis.call('PTTL', KEYS[2]) < tonumber(ARGV[6]) then redis.call('PEXPIRE', KEYS[2], ARGV[6]) end
        end
        return 1
        """;

    private const string RenewScript = """
        redis.call('ZADD', KEYS[1], 'XX', ARGV[1], ARGV[2])
        if #KEYS > 1 then
          redis.call('ZADD', KEYS[2], 'XX', ARGV[1], ARGV[2])
          if redis.call('PTTL', KEYS[2]) < tonumber(ARGV[3]) then redis.call('PEXPIRE', KEYS[2], ARGV[3]) end
        end
        return 1
        """;

    /// <summary>Counts <paramref name="connectionId"/> in if fewer than <paramref name="max"/> are open; false means refuse it.</summary>
    public async Task<bool> TryOpenAsync(string scope, string connectionId, int max, TimeSpan lease) =>
        await TryOpenAsync(scope, connectionId, max, lease, partition: null, 0) == Opening.Opened;

    /// <summary>
    /// Counts <paramref name="connectionId"/> in if fewer than <paramref name="max"/> are open in the scope and fewer
    /// than <paramref name="maxPerPartition"/> in <paramref name="partition"/> (none when null).
    /// </summary>
    public async Task<Opening> TryOpenAsync(string scope, string connectionId, int max, TimeSpan lease, string? partition, int maxPerPartition)
    {
        var (now, ms) = (clock.GetUtcNow().ToUnixTimeMilliseconds(), (long)lease.TotalMilliseconds);
        var opened = await redis.GetDatabase().ScriptEvaluateAsync(
            OpenScript, Keys(scope, partition), [now, now + ms, max, connectionId, maxPerPartition, ms]);
        return (Opening)(long)opened;
    }

    /// <summary>Extends a connection's lease (call on each heartbeat), in its partition too.</summary>
    public Task RenewAsync(string scope, string connectionId, TimeSpan lease, string? partition = null)
    {
        var ms = (long)lease.TotalMilliseconds;
        return redis.GetDatabase().ScriptEvaluateAsync(
            RenewScript, Keys(scope, partition), [clock.GetUtcNow().ToUnixTimeMilliseconds() + ms, connectionId, ms]);
    }

    public Task CloseAsync(string scope, string connectionId, string? partition = null)
    {
        var database = redis.GetDatabase();
        return partition is null
            ? database.SortedSetRemoveAsync(keys.Connections(scope), connectionId)
            : Task.WhenAll(database.SortedSetRemoveAsync(keys.Connections(scope), connectionId),
                database.SortedSetRemoveAsync(Partition(scope, partition), connectionId));
    }

    /// <summary>Connections whose lease has not run out.</summary>
    public Task<long> CountAsync(string scope) => redis.GetDatabase().SortedSetLengthAsync(
        keys.Connections(scope), clock.GetUtcNow().ToUnixTimeMilliseconds(), double.PositiveInfinity, Exclude.Start);

    private RedisKey[] Keys(string scope, string? partition) =>
        partition is null ? [keys.Connections(scope)] : [keys.Connections(scope), Partition(scope, partition)];

    private RedisKey Partition(string scope, string partition) => keys.Connections($"{scope}:by:{partition}");
}
