using Scoreboard.Diagnostics;
using Scoreboard.Ranking.Redis;
using StackExchange.Redis;

namespace Scoreboard.Security.Limits;

/// <summary>
/// Distributed mode's cool-downs: one Redis key per user and type, set only if absent and expiring with the interval,
/// so a user completes a type once per interval across every instance. While Redis is unavailable each instance falls
/// back to its own <see cref="Cooldowns"/> rather than refusing credits.
/// </summary>
public sealed class SharedCooldowns(IConnectionMultiplexer redis, RedisKeys keys, Cooldowns local, TimeProvider clock, ILogger<SharedCooldowns> logger)
    : ICooldowns
{
    // -1: claimed; otherwise the milliseconds left on the slot someone else holds.
    private const string ClaimScript = """
        if redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2], 'NX') then return -1 end
        local left = redis.call('PTTL', KEYS[1])
        if left < 0 then return tonumber(ARGV[2]) end
        return left
        """;

    // Only the holder's own lease is removed: a slot claimed since by another request stays.
    private const string ReleaseScript = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
        return 0
        """;

    public async ValueTask<CooldownClaim> TryClaimAsync(string userId, string actionType, int intervalMs)
    {
        if (intervalMs <= 0)
        {
            return await local.TryClaimAsync(userId, actionType, intervalMs);
        }

        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var lease = Guid.NewGuid().ToString("N");
        try
        {
            var left = (long)await redis.GetDatabase().ScriptEvaluateAsync(ClaimScript, [keys.Cooldown(userId, actionType)], [lease, intervalMs]);
            return left < 0
                ? new CooldownClaim(userId, actionType, now, now, null, lease)
                : new CooldownClaim(userId, actionType, now, now, TimeSpan.FromMilliseconds(left));
        }
        catch (Exception ex) when (FallbackRankIndex.IsRedisFailure(ex))
        {
            Log.SharedLimitsFallback(logger, ex);
            var held = await local.TryClaimAsync(userId, actionType, intervalMs);

            // The claim timed out here but may still reach Redis (a paused server runs it when it resumes); keeping its
            // lease lets a release remove it there too, so an abandoned credit does not leave the user a stray slot.
            return held.Claimed ? held with { Lease = lease, InMemory = true } : held;
        }
    }

    public async ValueTask ReleaseAsync(CooldownClaim claim)
    {
        if (claim.Lease is null || claim.InMemory)
        {
            await local.ReleaseAsync(claim);
        }

        if (claim.Lease is null)
        {
            return;
        }

        try
        {
            await redis.GetDatabase().ScriptEvaluateAsync(ReleaseScript, [keys.Cooldown(claim.User, claim.Type)], [claim.Lease]);
        }
        catch (Exception ex) when (FallbackRankIndex.IsRedisFailure(ex))
        {
            // The slot then simply runs out with its interval: the user waits once more than needed, nothing is lost.
            Log.SharedLimitsFallback(logger, ex);
        }
    }
}
