using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.Extensions.Options;
using Scoreboard.Live;

namespace Scoreboard.Web;

/// <summary>Cross-origin use of the REST endpoints by browsers on the origins in <c>CORS_ORIGINS</c>.</summary>
public sealed class CorsSettings
{
    public const string Section = "Scoreboard:Cors";

    /// <summary>Whether the admin endpoints answer cross-origin requests too; off, since admin tools are not public pages.</summary>
    public bool AllowAdmin { get; set; }

    /// <summary>How long a browser may keep a preflight's answer.</summary>
    public int MaxAgeSeconds { get; set; } = 600;

    public static string? Check(CorsSettings o) =>
        o.MaxAgeSeconds is < 0 or > 86_400 ? $"{Section}:MaxAgeSeconds must be from 0 to 86400 (got {o.MaxAgeSeconds})." : null;
}

/// <summary>
/// One policy for every route, from the same origin list the live channels check: the headers API clients send, no
/// cookies (credentials travel in headers, so a page never acts with a visitor's ambient credentials), and none at all
/// for the admin area unless <see cref="CorsSettings.AllowAdmin"/> is set.
/// </summary>
internal sealed class RestCorsPolicy : ICorsPolicyProvider
{
    private const string AdminArea = "/api/v1/admin";
    private readonly CorsPolicy? _rest;
    private readonly CorsPolicy? _admin;

    public RestCorsPolicy(IOptions<LiveOptions> live, IOptions<CorsSettings> settings)
    {
        var origins = live.Value.AllowedOrigins.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(o => o.TrimEnd('/')).ToArray();
        var maxAge = TimeSpan.FromSeconds(settings.Value.MaxAgeSeconds);
        _rest = origins.Length == 0 ? null : Build(origins, maxAge, admin: false);
        _admin = origins.Length == 0 || !settings.Value.AllowAdmin ? null : Build(origins, maxAge, admin: true);
    }

    public Task<CorsPolicy?> GetPolicyAsync(HttpContext context, string? policyName) =>
        Task.FromResult(context.Request.Path.StartsWithSegments(AdminArea, StringComparison.OrdinalIgnoreCase) ? _admin : _rest);

    private static CorsPolicy Build(string[] origins, TimeSpan maxAge, bool admin)
    {
        var policy = new CorsPolicyBuilder()
            .WithMethods("GET", "POST")
            .WithHeaders(admin
                ? ["Authorization", "Content-Type", "X-API-KEY", "Idempotency-Key", "Last-Event-ID", "X-ADMIN-KEY"]
                : ["Authorization", "Content-Type", "X-API-KEY", "Idempotency-Key", "Last-Event-ID"])
            .WithExposedHeaders("Retry-After", "Idempotent-Replayed")
            .SetPreflightMaxAge(maxAge);
        return (origins.Contains("*") ? policy.AllowAnyOrigin() : policy.WithOrigins(origins)).Build();
    }
}
