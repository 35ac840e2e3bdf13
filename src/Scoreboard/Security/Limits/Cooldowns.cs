using System.Collections.Concurrent;

namespace Scoreboard.Security.Limits;

/// <summary>The cool-downs of <see cref="ICooldowns"/> in this instance's memory: embedded mode's, and distributed mode's fallback.</summary>
public sealed class Cooldowns(TimeProvider clock) : ICooldowns
{
    private const int SweepEvery = 4096;

    // (user, type) → when the running cool-down ends (Unix ms). Only running cool-downs matter, so the sweep drops the
    // ended ones: the map holds no more than the slots claimed within the longest interval.
    private readonly ConcurrentDictionary<(string User, string Type), long> _until = new();
    private long _claims;

    public ValueTask<CooldownClaim> TryClaimAsync(string userId, string actionType, int intervalMs) =>
        ValueTask.FromResult(TryClaim(userId, actionType, intervalMs));

    public ValueTask ReleaseAsync(CooldownClaim claim)
    {
        Release(claim);
        return ValueTask.CompletedTask;
    }

    /// <summary>A claim whose <see cref="CooldownClaim.At"/> is the new end of the cool-down and <see cref="CooldownClaim.Previous"/> the old one.</summary>
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
        var until = now + intervalMs;
        while (true)
        {
            if (!_until.TryGetValue(key, out var previous))
            {
                if (_until.TryAdd(key, until))
                {
                    return new(userId, actionType, until, long.MinValue, null);
                }

                continue;
            }

            if (now < previous)
            {
                return new(userId, actionType, until, previous, TimeSpan.FromMilliseconds(previous - now));
            }

            if (_until.TryUpdate(key, until, previous))
            {
                return new(userId, actionType, until, previous, null);
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
                _until.TryRemove(new KeyValuePair<(string, string), long>(key, claim.At));
            }
            else
            {
                _until.TryUpdate(key, claim.Previous, claim.At);
            }
        }
    }

    private void Sweep(long now)
    {
        foreach (var (key, until) in _until)
        {
            if (until <= now)
            {
                _until.TryRemove(new KeyValuePair<(string, string), long>(key, until));
            }
        }
    }
}
