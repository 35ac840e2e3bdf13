using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Scoreboard.Replies;

namespace Scoreboard.Diagnostics;

/// <summary>Seed 002 §8.3's <c>GET /health</c>: one real check per dependency, reported by name.</summary>
public static class Health
{
    public const string Database = "database";
    public const string Redis = "redis";
    public const string WebSocket = "websocket";

    public static IEndpointConventionBuilder MapHealth(this IEndpointRouteBuilder app) =>
        app.MapHealthChecks("/health", new HealthCheckOptions { ResponseWriter = WriteAsync }).WithTags("Health")
            .WithSummary("Health of the service and each dependency")
            .WithMetadata(
                new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(HealthResponse), ["application/json"]),
                new ProducesResponseTypeMetadata(StatusCodes.Status503ServiceUnavailable, typeof(HealthResponse), ["application/json"]));

    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        var clock = context.RequestServices.GetRequiredService<TimeProvider>();
        var started = context.RequestServices.GetRequiredService<StartTime>();
        var now = clock.GetUtcNow();
        var services = new Dictionary<string, string>
        {
            // Dependencies a mode does not use are reported as such rather than left out, so dashboards keep their columns.
            [Database] = "not_configured",
            [Redis] = "not_configured",
            [WebSocket] = "not_configured",
        };
        foreach (var (name, entry) in report.Entries)
        {
            services[name] = entry.Description ?? entry.Status.ToString().ToLowerInvariant();
        }

        var body = new HealthResponse(
            report.Status == HealthStatus.Unhealthy ? "unhealthy" : report.Status == HealthStatus.Degraded ? "degraded" : "healthy",
            now,
            services,
            (long)(now - started.Value).TotalSeconds);
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(System.Text.Json.JsonSerializer.Serialize(body, HealthJson.Default.HealthResponse), context.RequestAborted);
    }
}

/// <summary>When the process started, for <c>uptime</c>.</summary>
public sealed record StartTime(DateTimeOffset Value);

public sealed record HealthResponse(string Status, DateTimeOffset Timestamp, Dictionary<string, string> Services, long Uptime);

[JsonSourceGenerationOptions(System.Text.Json.JsonSerializerDefaults.Web, Converters = [typeof(UtcTimestampConverter)])]
[JsonSerializable(typeof(HealthResponse))]
internal sealed partial class HealthJson : JsonSerializerContext;
