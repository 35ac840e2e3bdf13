using Microsoft.Extensions.Diagnostics.HealthChecks;
using Scoreboard.Diagnostics;

namespace Scoreboard.Storage;

/// <summary>
/// Checks the store with a real query, and whether its writes succeed: a full disk leaves reads working, so a ping
/// alone would call an instance healthy while every credit fails.
/// </summary>
public sealed class StoreHealthCheck(IScoreStore store, StoreWrites writes) : IHealthCheck
{
    public const string WriteFailing = "write_failing";

    // A paused or unreachable database would hold the probe for the whole command timeout; a load balancer wants an answer.
    private static readonly TimeSpan PingTimeout = TimeSpan.FromSeconds(3);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(PingTimeout);
        bool reachable;
        try
        {
            reachable = await store.PingAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            reachable = false;
        }

        return !reachable ? HealthCheckResult.Unhealthy("disconnected")
            : writes.IsFailing ? HealthCheckResult.Unhealthy(WriteFailing)
            : HealthCheckResult.Healthy("connected");
    }
}
