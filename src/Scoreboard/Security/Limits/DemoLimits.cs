using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using Scoreboard.Replies;

namespace Scoreboard.Security.Limits;

/// <summary>
/// The embedded demo's open endpoints (play as a user, demo tokens) take no credentials, so each address and all of
/// them together get a budget per endpoint: a script can neither flood the board through the demo nor mint identities
/// without end.
/// </summary>
public sealed class DemoLimits(IOptions<RateLimitOptions> options) : IAsyncDisposable
{
    private readonly PartitionedRateLimiter<CreditLimiter.CreditCaller> _calls = PartitionedRateLimiter.CreateChained(
        CreditLimiter.Partition(c => $"{c.Name} {c.Ip}", options.Value.DemoPerIpPerMinute, TimeSpan.FromMinutes(1)),
        CreditLimiter.Partition(c => c.Name, options.Value.DemoPerMinute, TimeSpan.FromMinutes(1)));

    /// <summary>Takes a permit for one call of <paramref name="endpoint"/> from <paramref name="ip"/>; when refused, how long until one is free.</summary>
    public TimeSpan? TryCall(string endpoint, string? ip) => CreditLimiter.Try(_calls, new CreditLimiter.CreditCaller(endpoint, ip));

    public ValueTask DisposeAsync() => _calls.DisposeAsync();
}

/// <summary>Puts a demo endpoint behind <see cref="DemoLimits"/>: 429 with <c>Retry-After</c>, in the endpoint's dialect.</summary>
public static class DemoLimitFilter
{
    public static RouteHandlerBuilder WithDemoLimit(this RouteHandlerBuilder builder, Dialect dialect) =>
        builder.Fails(Failure.RateLimited).AddEndpointFilterFactory((factory, next) =>
        {
            var limits = factory.ApplicationServices.GetRequiredService<DemoLimits>();
            var endpoint = factory.MethodInfo.Name;
            var metrics = factory.ApplicationServices.GetRequiredService<Diagnostics.ScoreboardMetrics>();
            return async context =>
            {
                if (limits.TryCall(endpoint, Requests.Ip(context.HttpContext)) is not { } wait)
                {
                    return await next(context);
                }

                metrics.RateLimitHit("demo");
                var seconds = Math.Max(1, (long)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                context.HttpContext.Response.Headers.RetryAfter = seconds;
                return ApiErrors.Result(dialect, Failure.RateLimited, "Too many demo calls from this address; slow down.",
                    new() { ["retryAfterSeconds"] = seconds });
            };
        });
}
