using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;

namespace Scoreboard.Security.Tokens;

/// <summary>
/// Validates a user token that arrived outside an HTTP header (Socket.IO's CONNECT <c>auth</c> payload) with exactly
/// the parameters, keys and handlers the JwtBearer scheme uses, so no second set of rules exists.
/// </summary>
public static class TokenCheck
{
    /// <summary>The token's user, or null when the token is not valid for this board.</summary>
    public static async Task<TokenUser?> ValidateAsync(IServiceProvider services, string token, CancellationToken cancellationToken)
    {
        var jwt = services.GetRequiredService<IOptionsMonitor<JwtBearerOptions>>().Get(UserTokens.Scheme);
        var parameters = jwt.TokenValidationParameters.Clone();
        if (jwt.ConfigurationManager is { } manager)
        {
            // As the JwtBearer handler does: keys from the identity provider's JWKS join the configured ones.
            try
            {
                var keys = (await manager.GetConfigurationAsync(cancellationToken)).SigningKeys;
                parameters.IssuerSigningKeys = parameters.IssuerSigningKeys?.Concat(keys) ?? keys;
            }
            catch (InvalidOperationException)
            {
                // The provider's keys cannot be fetched: tokens it signed cannot be verified now; the others still can.
            }
        }

        foreach (var handler in jwt.TokenHandlers)
        {
            var result = await handler.ValidateTokenAsync(token, parameters);
            if (result.IsValid && result.ClaimsIdentity is { } identity)
            {
                var principal = new ClaimsPrincipal(identity);
                return UserTokens.TryAddUser(principal) ? UserTokens.UserOf(principal) : null;
            }
        }

        return null;
    }
}
