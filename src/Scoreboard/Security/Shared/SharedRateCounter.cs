using Scoreboard.Ranking.Redis;
using StackExchange.Redis;

namespace Scoreboard.Security.Shared;

/// <summary>Whether a request may proceed under a shared limit, and if not, when to retry.</summary>
public readonly record struct RateDecision(bool Allowed, long Count, TimeSpan RetryAfter);

/// <summary>One budget a request counts against: <paramref name="Limit"/> requests of a partition per window.</summary>
public readonly record struct SharedLimit(string Scope, string Partition, int Limit, TimeSpan Window);

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

    // Checks every budget first and counts the request in all of them only if all allow it, so a refused request
    // uses up nothing (the keys share one hash tag, so this runs on Redis Cluster too).
    private const string HitAllScript = """
        for i = 1, #KEYS do
          local count = tonumber(redis.call('GET', KEYS[i]) or '0')
          if count >= tonumber(ARGV[2 * i - 1]) then
            local ttl = redis.call('PTTL', KEYS[i])
            if ttl < 0 then ttl = tonumber(ARGV[2 * i]) end
            return { 0, i, ttl }
          end
        end
        for i = 1, #KEYS do
          if redis.call('INCR', KEYS[i]) == 1 or redis.call('PTTL', KEYS[i]) < 0 then
            redis.call('PEXPIRE', KEYS[i], ARGV[2 * i])
          end
        end
        return { 1, 0, 0 }
        """;

    /// <summary>
    /// Counts one request against every budget in <paramref name="limits"/> at once; refused (with the wait of the
    /// first full budget) when any of them is full, and then counted in none.
    /// </summary>
    public async Task<RateDecision> HitAllAsync(IReadOnlyList<SharedLimit> limits)
    {
        if (limits.Count == 0)
        {
            return new RateDecision(true, 0, TimeSpan.Zero);
        }

        var redisKeys = limits.Select(l => keys.Limit(l.Scope, l.Partition)).ToArray();
        var args = limits.SelectMany(l => new RedisValue[] { l.Limit, (long)l.Window.TotalMilliseconds }).ToArray();
        var reply = (long[])(await redis.GetDatabase().ScriptEvaluateAsync(HitAllScript, redisKeys, args))!;
        return reply[0] == 1 ? new RateDecision(true, 0, TimeSpan.Zero) : new RateDecision(false, reply[1], TimeSpan.FromMilliseconds(reply[2]));
    }

    /// <summary>Counts one request of <paramref name="partition"/> (a user id, key name, IP…) in <paramref name="scope"/>.</summary>
    public async Task<RateDecision> HitAsync(string scope, string partition, int limit, TimeSpan window)
    {
        var reply = (long[])(await redis.GetDatabase().ScriptEvaluateAsync(
            HitScript, [keys.Limit(scope, partition)], [(long)window.TotalMilliseconds]))!;
        var (count, ttl) = (reply[0], TimeSpan.FromMilliseconds(reply[1]));
        return count <= limit ? new RateDecision(true, count, TimeSpan.Zero) : new RateDecision(false, count, ttl);
    }
}
