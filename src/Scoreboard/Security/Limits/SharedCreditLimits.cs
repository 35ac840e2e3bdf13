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
        var limits = Active(
            new("ip", ip ?? "", o.PerIpPerMinute, Minute),
            new("user", userId, o.PerUser, TimeSpan.FromMilliseconds(o.WindowMs)),
            new("user-hour", userId, o.PerUserPerHour, TimeSpan.FromHours(1)),
            new("global", "all", o.GlobalPerMinute, Minute));
        return await HitAsync(limits, () => local.TryUser(userId, ip));
    }

    public async ValueTask<TimeSpan?> TryServiceAsync(string keyName) =>
        await HitAsync(Active(new SharedLimit("service", keyName, options.Value.PerServiceKeyPerMinute, Minute)), () => local.TryService(keyName));

    // A budget of 0 is switched off, as in the in-process limiter.
    private static SharedLimit[] Active(params SharedLimit[] limits) => limits.Where(l => l.Limit > 0).ToArray();

    private async ValueTask<TimeSpan?> HitAsync(SharedLimit[] limits, Func<TimeSpan?> fallback)
    {
        try
        {
            var decision = await counter.HitAllAsync(limits);
            return decision.Allowed ? null : decision.RetryAfter;
        }
        catch (Exception ex) when (FallbackRankIndex.IsRedisFailure(ex))
        {
            Log.SharedLimitsFallback(logger, ex);
            return fallback();
        }
    }
}
