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
    // uses up nothing. Its keys share one hash tag (one partition), so it runs on Redis Cluster too.
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

    // Takes back a request counted in one partition when another partition refused it.
    private const string UndoScript = """
        for i = 1, #KEYS do
          if tonumber(redis.call('GET', KEYS[i]) or '0') > 0 then redis.call('DECR', KEYS[i]) end
        end
        return 0
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

        // A script may only touch one slot of a cluster: each partition (a user, an address, everyone) is counted in
        // one script; when a later partition refuses, the earlier ones are taken back. Two requests racing at the
        // edge of a budget may then both be refused; neither is ever let through past it.
        var counted = new List<RedisKey[]>();
        foreach (var partition in limits.GroupBy(l => l.Partition))
        {
            var redisKeys = partition.Select(l => keys.Limit(l.Scope, l.Partition)).ToArray();
            var args = partition.SelectMany(l => new RedisValue[] { l.Limit, (long)l.Window.TotalMilliseconds }).ToArray();
            var reply = (long[])(await redis.GetDatabase().ScriptEvaluateAsync(HitAllScript, redisKeys, args))!;
            if (reply[0] != 1)
            {
                await Task.WhenAll(counted.Select(k => redis.GetDatabase().ScriptEvaluateAsync(UndoScript, k)));
                var full = partition.ElementAt((int)reply[1] - 1);
                return new RateDecision(false, limits.ToList().IndexOf(full) + 1, TimeSpan.FromMilliseconds(reply[2]));
            }

            counted.Add(redisKeys);
        }

        return new RateDecision(true, 0, TimeSpan.Zero);
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
