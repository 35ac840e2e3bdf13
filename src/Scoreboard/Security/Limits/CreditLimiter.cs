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
    private readonly Lock _allOrNone = new();

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
    /// <remarks>
    /// All or none, as in Redis: a refused credit spends nothing. A chained limiter keeps the permits its first
    /// limiters gave when a later one refuses, so every budget is first checked (zero permits) and then taken, under
    /// one lock. An address spends its reserved share first; only what it sends beyond that draws on the global budget,
    /// so a flood fills the global budget for the flooding addresses alone.
    /// </remarks>
    public TimeSpan? TryUser(string userId, string? ip)
    {
        var caller = new CreditCaller(userId, ip);
        lock (_allOrNone)
        {
            if (Check(_users, caller) is { } wait)
            {
                return wait;
            }

            var shared = _reserved is not null && Check(_reserved, caller) is null ? _reserved : _global;
            if (shared == _global && Check(_global, caller) is { } full)
            {
                return full;
            }

            _users.AttemptAcquire(caller).Dispose();
            shared.AttemptAcquire(caller).Dispose();
            return null;
        }
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

    /// <summary>Takes one permit when the budget has one; otherwise how long until it does.</summary>
    internal static TimeSpan? Try(PartitionedRateLimiter<CreditCaller> limiter, CreditCaller caller)
    {
        using var lease = limiter.AttemptAcquire(caller);
        return Wait(lease);
    }

    // Zero permits only asks whether one is free; it takes nothing.
    private static TimeSpan? Check(PartitionedRateLimiter<CreditCaller> limiter, CreditCaller caller)
    {
        using var lease = limiter.AttemptAcquire(caller, 0);
        return Wait(lease);
    }

    private static TimeSpan? Wait(RateLimitLease lease) =>
        lease.IsAcquired ? null
        : lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromSeconds(1);

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
