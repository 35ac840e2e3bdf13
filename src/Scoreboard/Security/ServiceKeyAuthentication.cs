using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Scoreboard.Replies;

namespace Scoreboard.Security;

/// <summary>Authenticates backend callers by the <c>X-API-KEY</c> header.</summary>
public sealed class ServiceKeyAuthentication(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ServiceKeyRegistry registry)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ServiceKey";
    public const string Policy = "service";
    public const string Header = "X-API-KEY";
    public const string ActionTypeClaim = "scoreboard:action_type";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(Header, out var values) || values.Count != 1 || string.IsNullOrEmpty(values[0]))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        if (registry.Authenticate(values[0]!) is not { } key)
        {
            return Task.FromResult(AuthenticateResult.Fail("Unknown service key."));
        }

        var claims = new List<Claim> { new(ClaimTypes.Name, key.Name) };
        claims.AddRange(key.ActionTypes.Select(type => new Claim(ActionTypeClaim, type)));
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName)));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) =>
        ApiErrors.WriteAsync(Context, Failure.Unauthenticated, $"A valid {Header} header is required.");

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        ApiErrors.WriteAsync(Context, Failure.Forbidden, "This service key may not do that.");

    /// <summary>The service key a request authenticated with.</summary>
    public static ServiceKey KeyOf(ClaimsPrincipal user) =>
        new(user.Identity?.Name ?? "", user.FindAll(ActionTypeClaim).Select(c => c.Value).ToList());
}
