using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Scoreboard.Security.Tokens;

/// <summary>A minted user token and what it stands for.</summary>
public sealed record MintedToken(string Token, string UserId, string? Name, DateTimeOffset ExpiresAt);

/// <summary>Mints HS256 user tokens with the board's own secret: for the embedded demo, never for production logins.</summary>
public sealed class TokenMinter(ServerSecrets secrets, IOptions<UserTokenOptions> options, TimeProvider clock)
{
    public bool CanMint => secrets.JwtSecret is not null;

    /// <summary>A token for a fresh random user id, so a visitor can never mint a token for someone else.</summary>
    public MintedToken MintGuest(string? name) => Mint("guest-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6)), name);

    public MintedToken Mint(string userId, string? name) =>
        Mint(secrets.JwtSecret ?? throw new InvalidOperationException("No JWT secret to mint with."), options.Value, clock.GetUtcNow(), userId, name);

    /// <summary>Mints with <paramref name="secret"/>: the server's, or JWT_SECRET for <c>tokens mint</c>.</summary>
    public static MintedToken Mint(string secret, UserTokenOptions o, DateTimeOffset now, string userId, string? name)
    {
        var expires = now + UserTokenOptions.ParseExpiry(o.Expiry)!.Value;
        var claims = new Dictionary<string, object> { ["sub"] = userId };
        if (name is not null)
        {
            claims["name"] = name;
        }

        if (!string.IsNullOrEmpty(o.RequiredPermission))
        {
            claims["permissions"] = new[] { o.RequiredPermission };
        }

        var key = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(secret));
        var token = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Claims = claims,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = expires.UtcDateTime,
            Issuer = o.Issuer,
            Audience = o.Audience,
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.HmacSha256),
        });
        return new MintedToken(token, userId, name, expires);
    }
}
