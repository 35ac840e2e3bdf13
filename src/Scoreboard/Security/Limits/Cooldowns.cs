using System.Collections.Concurrent;

namespace Scoreboard.Security.Limits;

/// <summary>The cool-downs of <see cref="ICooldowns"/> in this instance's memory: embedded mode's, and distributed mode's fallback.</summary>
public sealed class Cooldowns(TimeProvider clock) : ICooldowns
{
    private const int SweepEvery = 4096;
    private readonly ConcurrentDictionary<(string User, string Type), long> _last = new();
    private long _claims;

    public ValueTask<CooldownClaim> TryClaimAsync(string userId, string actionType, int intervalMs) =>
        ValueTask.FromResult(TryClaim(userId, actionType, intervalMs));

    public ValueTask ReleaseAsync(CooldownClaim claim)
    {
        Release(claim);
        return ValueTask.CompletedTask;
    }

    public CooldownClaim TryClaim(string userId, string actionType, int intervalMs)
    {
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        if (intervalMs <= 0)
        {
            return new(userId, actionType, now, now, null);
        }

        if (Interlocked.Increment(ref _claims) % SweepEvery == 0)
        {
            Sweep(now);
        }

        var key = (userId, actionType);
        while (true)
        {
            if (!_last.TryGetValue(key, out var previous))
            {
                if (_last.TryAdd(key, now))
                {
                    return new(userId, actionType, now, long.MinValue, null);
                }

                continue;
            }

            if (now - previous < intervalMs)
            {
                return new(userId, actionType, now, previous, TimeSpan.FromMilliseconds(intervalMs - (now - previous)));
            }

            if (_last.TryUpdate(key, now, previous))
            {
                return new(userId, actionType, now, previous, null);
            }
        }
    }

    /// <summary>Gives the slot back: the credit it was claimed for did not apply.</summary>
    public void Release(CooldownClaim claim)
    {
        if (claim.Wait is null && claim.At != claim.Previous)
        {
            var key = (claim.User, claim.Type);
            if (claim.Previous == long.MinValue)
            {
                _last.TryRemove(new KeyValuePair<(string, string), long>(key, claim.At));
            }
            else
            {
                _last.TryUpdate(key, claim.Previous, claim.At);
            }
        }
    }

    // Entries older than a day cannot block anyone (no sane interval is that long): drop them to bound memory.
    private void Sweep(long now)
    {
        foreach (var (key, at) in _last)
        {
            if (now - at > 86_400_000)
            {
                _last.TryRemove(new KeyValuePair<(string, string), long>(key, at));
            }
        }
    }
}
