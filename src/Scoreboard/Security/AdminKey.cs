using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Scoreboard.Replies;

namespace Scoreboard.Security;

/// <summary>The admin key (<c>SCOREBOARD_ADMIN_KEY</c>); without one, the admin endpoints refuse everyone.</summary>
public sealed class AdminOptions
{
    public const string Section = "Scoreboard:Admin";
    public const string Header = "X-ADMIN-KEY";

    public string? ApiKey { get; set; }

    public static string? Check(AdminOptions o) =>
        o.ApiKey is { Length: > 0 and < 16 } ? "SCOREBOARD_ADMIN_KEY (Scoreboard:Admin:ApiKey) must be at least 16 characters." : null;
}

/// <summary>Lets a request through only with the admin key, compared as SHA-256 hashes in constant time.</summary>
public sealed class AdminKeyFilter(IOptions<AdminOptions> options) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var configured = options.Value.ApiKey;
        var presented = context.HttpContext.Request.Headers[AdminOptions.Header].ToString();
        if (string.IsNullOrEmpty(configured) || presented.Length == 0)
        {
            return ApiErrors.Result(Dialect.Seed002, Failure.Unauthenticated, $"A valid {AdminOptions.Header} header is required.");
        }

        var ok = CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(configured)), SHA256.HashData(Encoding.UTF8.GetBytes(presented)));
        return ok ? await next(context) : ApiErrors.Result(Dialect.Seed002, Failure.Unauthenticated, $"A valid {AdminOptions.Header} header is required.");
    }
}
