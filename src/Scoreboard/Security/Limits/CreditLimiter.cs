using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace Scoreboard.Security.Limits;

/// <summary>
/// The request budgets, as <see cref="System.Threading.RateLimiting"/> partitions: user credits pass per-IP,
/// per-user (short window and hour) and global limiters in turn; service credits pass a per-key limiter.
/// Embedded mode's <see cref="ICreditLimits"/>, and distributed mode's fallback while Redis is away.
/// </summary>
public sealed class CreditLimiter : ICreditLimits, IAsyncDisposable
{
    private readonly PartitionedRateLimiter<CreditCaller> _users;
    private readonly PartitionedRateLimiter<CreditCaller> _services;
    private readonly Lock _allOrNone = new();

    public CreditLimiter(IOptions<RateLimitOptions> options)
    {
        var o = options.Value;
        var minute = TimeSpan.FromMinutes(1);
        _users = PartitionedRateLimiter.CreateChained(
            Partition(c => c.Ip ?? "", o.PerIpPerMinute, minute),
            Partition(c => c.Name, o.PerUser, TimeSpan.FromMilliseconds(o.WindowMs)),
            Partition(c => c.Name, o.PerUserPerHour, TimeSpan.FromHours(1)),
            Partition(_ => "", o.GlobalPerMinute, minute));
        _services = Partition(c => c.Name, o.PerServiceKeyPerMinute, minute);
    }

    /// <summary>Takes one permit for a user credit; when refused, how long until one is free.</summary>
    public TimeSpan? TryUser(string userId, string? ip) => Try(_users, new CreditCaller(userId, ip));

    public TimeSpan? TryService(string keyName) => Try(_services, new CreditCaller(keyName, null));

    ValueTask<TimeSpan?> ICreditLimits.TryUserAsync(string userId, string? ip) => ValueTask.FromResult(TryUser(userId, ip));

    ValueTask<TimeSpan?> ICreditLimits.TryServiceAsync(string keyName) => ValueTask.FromResult(TryService(keyName));

    public async ValueTask DisposeAsync()
    {
        await _users.DisposeAsync();
        await _services.DisposeAsync();
    }

    // All or none, as in Redis: a chained limiter keeps the permits its first limiters gave when a later one refuses, so
    // a user over their own budget would use up their address's. Asking for zero permits only checks; the lock keeps the
    // check and the take together.
    private TimeSpan? Try(PartitionedRateLimiter<CreditCaller> limiter, CreditCaller caller)
    {
        lock (_allOrNone)
        {
            using var check = limiter.AttemptAcquire(caller, 0);
            using var lease = check.IsAcquired ? limiter.AttemptAcquire(caller) : check;
            if (lease.IsAcquired)
            {
                return null;
            }

            return lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromSeconds(1);
        }
    }

    private static PartitionedRateLimiter<CreditCaller> Partition(Func<CreditCaller, string> key, int permits, TimeSpan window) =>
        PartitionedRateLimiter.Create<CreditCaller, string>(caller => permits == 0
            ? RateLimitPartition.GetNoLimiter(key(caller))
            : RateLimitPartition.GetFixedWindowLimiter(key(caller), _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = permits,
                Window = window,
                QueueLimit = 0,
                AutoReplenishment = true,
            }));

    /// <summary>Who a permit is for: a user id or service key name, and the client address.</summary>
    public readonly record struct CreditCaller(string Name, string? Ip);
}
