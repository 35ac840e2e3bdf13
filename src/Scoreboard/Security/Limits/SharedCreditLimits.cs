using Microsoft.Extensions.Options;
using Scoreboard.Diagnostics;
using Scoreboard.Ranking.Redis;
using Scoreboard.Security.Shared;

namespace Scoreboard.Security.Limits;

/// <summary>
/// Distributed mode's credit budgets: the same partitions and numbers as <see cref="CreditLimiter"/>, counted in Redis
/// so that N instances together allow what one would. A request is counted in all its budgets or, when one is full,
/// in none. While Redis is unavailable each instance falls back to its own in-process limiter rather than refusing
/// credits (PostgreSQL still takes them).
/// </summary>
public sealed class SharedCreditLimits(
    SharedRateCounter counter, CreditLimiter local, IOptions<RateLimitOptions> options, ILogger<SharedCreditLimits> logger) : ICreditLimits
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    public async ValueTask<TimeSpan?> TryUserAsync(string userId, string? ip)
    {
        var o = options.Value;
        SharedLimit[] own = [
            new("ip", ip ?? "", o.PerIpPerMinute, Minute),
            new("user", userId, o.PerUser, TimeSpan.FromMilliseconds(o.WindowMs)),
            new("user-hour", userId, o.PerUserPerHour, TimeSpan.FromHours(1))];
        var global = new SharedLimit("global", "all", o.GlobalPerMinute, Minute);
        var reserved = new SharedLimit("ip-reserved", ip ?? "", o.ReservedPerIpPerMinute, Minute);
        return await HitAsync(async () =>
        {
            // As CreditLimiter: the address's reserved share first, the global budget only beyond it. Refused by the
            // reserve (the last budget), the first attempt counted nothing, so the second counts the request once.
            if (reserved.Limit > 0 && global.Limit > 0)
            {
                var withReserve = Active([.. own, reserved]);
                var first = await counter.HitAllAsync(withReserve);
                if (first.Allowed || first.Count < withReserve.Length)
                {
                    return first;
                }
            }

            return await counter.HitAllAsync(Active([.. own, global]));
        }, () => local.TryUser(userId, ip));
    }

    public async ValueTask<TimeSpan?> TryServiceAsync(string keyName) =>
        await HitAsync(() => counter.HitAllAsync(Active(new SharedLimit("service", keyName, options.Value.PerServiceKeyPerMinute, Minute))),
            () => local.TryService(keyName));

    // A budget of 0 is switched off, as in the in-process limiter.
    private static SharedLimit[] Active(params SharedLimit[] limits) => limits.Where(l => l.Limit > 0).ToArray();

    private async ValueTask<TimeSpan?> HitAsync(Func<Task<RateDecision>> hit, Func<TimeSpan?> fallback)
    {
        try
        {
            var decision = await hit();
            return decision.Allowed ? null : decision.RetryAfter;
        }
        catch (Exception ex) when (FallbackRankIndex.IsRedisFailure(ex))
        {
            Log.SharedLimitsFallback(logger, ex);
            return fallback();
        }
    }
}
