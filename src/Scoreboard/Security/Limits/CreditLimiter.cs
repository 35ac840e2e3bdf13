using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace Scoreboard.Security.Limits;

/// <summary>
/// The request budgets, as <see cref="System.Threading.RateLimiting"/> partitions: user credits pass per-IP and
/// per-user (short window and hour) limiters in turn, then their address's reserved share or, beyond it, the global
/// limiter; service credits pass a per-key limiter.
/// Embedded mode's <see cref="ICreditLimits"/>, and distributed mode's fallback while Redis is away.
/// </summary>
public sealed class CreditLimiter : ICreditLimits, IAsyncDisposable
{
    private readonly PartitionedRateLimiter<CreditCaller> _users;
    private readonly PartitionedRateLimiter<CreditCaller>? _reserved;
    private readonly PartitionedRateLimiter<CreditCaller> _global;
    private readonly PartitionedRateLimiter<CreditCaller> _services;

    public CreditLimiter(IOptions<RateLimitOptions> options)
    {
        var o = options.Value;
        var minute = TimeSpan.FromMinutes(1);
        _users = PartitionedRateLimiter.CreateChained(
            Partition(c => c.Ip ?? "", o.PerIpPerMinute, minute),
            Partition(c => c.Name, o.PerUser, TimeSpan.FromMilliseconds(o.WindowMs)),
            Partition(c => c.Name, o.PerUserPerHour, TimeSpan.FromHours(1)));
        _reserved = o.ReservedPerIpPerMinute > 0 && o.GlobalPerMinute > 0 ? Partition(c => c.Ip ?? "", o.ReservedPerIpPerMinute, minute) : null;
        _global = Partition(_ => "", o.GlobalPerMinute, minute);
        _services = Partition(c => c.Name, o.PerServiceKeyPerMinute, minute);
    }

    /// <summary>Takes one permit for a user credit; when refused, how long until one is free.</summary>
    public TimeSpan? TryUser(string userId, string? ip)
    {
        var caller = new CreditCaller(userId, ip);
        if (Try(_users, caller) is { } wait)
        {
            return wait;
        }

        // An address spends its reserved share first; only what it sends beyond that draws on the global budget, so
        // a flood fills the global budget for the flooding addresses alone.
        return _reserved is not null && Try(_reserved, caller) is null ? null : Try(_global, caller);
    }

    public TimeSpan? TryService(string keyName) => Try(_services, new CreditCaller(keyName, null));

    ValueTask<TimeSpan?> ICreditLimits.TryUserAsync(string userId, string? ip) => ValueTask.FromResult(TryUser(userId, ip));

    ValueTask<TimeSpan?> ICreditLimits.TryServiceAsync(string keyName) => ValueTask.FromResult(TryService(keyName));

    public async ValueTask DisposeAsync()
    {
        await _users.DisposeAsync();
        if (_reserved is not null)
        {
            await _reserved.DisposeAsync();
        }

        await _global.DisposeAsync();
        await _services.DisposeAsync();
    }

    internal static TimeSpan? Try(PartitionedRateLimiter<CreditCaller> limiter, CreditCaller caller)
    {
        using var lease = limiter.AttemptAcquire(caller);
        if (lease.IsAcquired)
        {
            return null;
        }

        return lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromSeconds(1);
    }

    internal static PartitionedRateLimiter<CreditCaller> Partition(Func<CreditCaller, string> key, int permits, TimeSpan window) =>
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
