using Scoreboard.Ranking.Redis;
using StackExchange.Redis;

namespace Scoreboard.Security.Shared;

/// <summary>Whether a request may proceed under a shared limit, and if not, when to retry.</summary>
public readonly record struct RateDecision(bool Allowed, long Count, TimeSpan RetryAfter);

/// <summary>
/// A rate limit that holds across instances: a fixed-window counter in Redis, incremented and given its expiry in one
/// script, so every instance counts against the same number. The building block for distributed mode's per-user,
/// per-key, per-IP and global limits (the limiter policies themselves live with the security features).
/// </summary>
public sealed class SharedRateCounter(IConnectionMultiplexer redis, RedisKeys keys)
{
    private const string HitScript = """
        local count = redis.call('INCR', KEYS[1])
        if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
        local ttl = redis.call('PTTL', KEYS[1])
        if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); ttl = tonumber(ARGV[1]) end
        return { count, ttl }
        """;

    /// <summary>Counts one request of <paramref name="partition"/> (a user id, key name, IP…) in <paramref name="scope"/>.</summary>
    public async Task<RateDecision> HitAsync(string scope, string partition, int limit, TimeSpan window)
    {
        var reply = (long[])(await redis.GetDatabase().ScriptEvaluateAsync(
            HitScript, [keys.Limit(scope, partition)], [(long)window.TotalMilliseconds]))!;
        var (count, ttl) = (reply[0], TimeSpan.FromMilliseconds(reply[1]));
        return count <= limit ? new RateDecision(true, count, TimeSpan.Zero) : new RateDecision(false, count, ttl);
    }
}
