using System.Globalization;
using Microsoft.Extensions.Options;
using Scoreboard.Diagnostics;
using Scoreboard.Ranking.Redis;
using StackExchange.Redis;

namespace Scoreboard.Security.AntiCheat;

/// <summary>
/// Distributed mode's anomaly window, in Redis so that credits spread over instances are judged together. The window's
/// credits sit in a sorted set by time; each user's gain in a hash; the population (count, sum, sum of squares of the
/// gains) in three numbers moved with every change, so a credit costs the same however many users are active. While
/// Redis is unavailable each instance falls back to its own <see cref="AnomalyWindow"/>.
/// </summary>
public sealed class SharedAnomalyWindow(
    IConnectionMultiplexer redis, RedisKeys keys, AnomalyWindow local, IOptions<AnomalyOptions> options, TimeProvider clock,
    ILogger<SharedAnomalyWindow> logger) : IAnomalyWindow
{
    // KEYS: window, gains, population. ARGV: now, cutoff, user, points, unique, most credits kept, key lifetime (ms).
    private const string RecordScript = """
        local function adjust(user, delta)
          local before = tonumber(redis.call('HGET', KEYS[2], user) or '0')
          local after = before + delta
          if after <= 0 then after = 0; redis.call('HDEL', KEYS[2], user) else redis.call('HSET', KEYS[2], user, after) end
          if before <= 0 and after > 0 then redis.call('HINCRBY', KEYS[3], 'n', 1) end
          if before > 0 and after <= 0 then redis.call('HINCRBY', KEYS[3], 'n', -1) end
          redis.call('HINCRBYFLOAT', KEYS[3], 'sum', after - before)
          redis.call('HINCRBYFLOAT', KEYS[3], 'squares', after * after - before * before)
        end
        local function drop(member)
          local a = string.find(member, '|', 1, true)
          local b = string.find(member, '|', a + 1, true)
          adjust(string.sub(member, 1, a - 1), -tonumber(string.sub(member, a + 1, b - 1)))
        end
        for _, m in ipairs(redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', '(' .. ARGV[2])) do drop(m) end
        redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', '(' .. ARGV[2])
        redis.call('ZADD', KEYS[1], ARGV[1], ARGV[3] .. '|' .. ARGV[4] .. '|' .. ARGV[5])
        adjust(ARGV[3], tonumber(ARGV[4]))
        local over = redis.call('ZCARD', KEYS[1]) - tonumber(ARGV[6])
        if over > 0 then
          local popped = redis.call('ZPOPMIN', KEYS[1], over)
          for i = 1, #popped, 2 do drop(popped[i]) end
        end
        if tonumber(redis.call('HGET', KEYS[3], 'n') or '0') <= 0 then
          -- Nobody active: start the sums afresh, so rounding never accumulates.
          redis.call('HSET', KEYS[3], 'n', 0, 'sum', 0, 'squares', 0)
        end
        for i = 1, 3 do redis.call('PEXPIRE', KEYS[i], ARGV[7]) end
        local p = redis.call('HMGET', KEYS[3], 'n', 'sum', 'squares')
        return { redis.call('HGET', KEYS[2], ARGV[3]) or '0', p[1] or '0', p[2] or '0', p[3] or '0' }
        """;

    // KEYS: the user's times. ARGV: now, how many to keep, lifetime (ms), 1 when the user starts afresh. Newest first.
    private const string TimesScript = """
        if ARGV[4] == '1' then redis.call('DEL', KEYS[1]) end
        redis.call('LPUSH', KEYS[1], ARGV[1])
        redis.call('LTRIM', KEYS[1], 0, tonumber(ARGV[2]) - 1)
        redis.call('PEXPIRE', KEYS[1], ARGV[3])
        return redis.call('LRANGE', KEYS[1], 0, -1)
        """;

    public async ValueTask<WindowActivity> RecordAsync(string userId, long points)
    {
        var o = options.Value;
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var windowMs = o.WindowSeconds * 1000L;
        try
        {
            var db = redis.GetDatabase();
            var window = await db.ScriptEvaluateAsync(RecordScript, [keys.AnomalyWindow, keys.AnomalyGains, keys.AnomalyPopulation],
                [now, now - windowMs, userId, points, Guid.NewGuid().ToString("N"), AnomalyWindow.MaxCredits, windowMs * 2]);
            var w = ((RedisValue[])window!).Select(v => double.Parse(v.ToString(), CultureInfo.InvariantCulture)).ToArray();
            var gain = (long)w[0];
            // As in memory: a user with nothing else left in the window starts a fresh run of times.
            var times = await db.ScriptEvaluateAsync(TimesScript, [keys.AnomalyTimes(userId)], [now, o.RegularCount + 1, windowMs, gain <= points ? 1 : 0]);
            var recent = ((RedisValue[])times!).Select(v => (long)v).Reverse().ToList();
            var others = new Population((long)w[1] - (gain > 0 ? 1 : 0), w[2] - gain, w[3] - ((double)gain * gain));
            return new WindowActivity(gain, others, recent);
        }
        catch (Exception ex) when (FallbackRankIndex.IsRedisFailure(ex))
        {
            Log.SharedLimitsFallback(logger, ex);
            return await local.RecordAsync(userId, points);
        }
    }
}
