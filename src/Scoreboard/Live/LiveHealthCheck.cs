using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Scoreboard.Live;

/// <summary>002 §8.3's <c>websocket</c> entry: "active" once the feed has published a board, with the connection count.</summary>
public sealed class LiveHealthCheck(LiveHub hub) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var data = new Dictionary<string, object> { ["connections"] = hub.Count };
        return Task.FromResult(hub.Current is null
            ? HealthCheckResult.Degraded("starting", data: data)
            : HealthCheckResult.Healthy("active", data));
    }
}
