using System.Globalization;

namespace Scoreboard.Security.Tokens;

/// <summary>How user tokens (<c>Authorization: Bearer</c>) are checked and, for the embedded demo, minted.</summary>
public sealed class UserTokenOptions
{
    public const string Section = "Scoreboard:UserTokens";

    /// <summary>HS256 secret (<c>JWT_SECRET</c>); without it and without a JWKS, one is generated per data folder.</summary>
    public string? Secret { get; set; }

    /// <summary>Lifetime of minted tokens (<c>JWT_EXPIRY</c>): <c>24h</c>, <c>30m</c>, <c>7d</c>, <c>90s</c> or plain seconds.</summary>
    public string Expiry { get; set; } = "24h";

    public string? Issuer { get; set; }

    public string? Audience { get; set; }

    /// <summary>An external identity provider's key set (RS256/ES256), fetched and cached.</summary>
    public string? JwksUrl { get; set; }

    /// <summary>The same, from a file.</summary>
    public string? JwksFile { get; set; }

    /// <summary>Accepted algorithms; empty means HS256 with a secret plus RS256 and ES256 with a JWKS.</summary>
    public List<string> Algorithms { get; set; } = [];

    /// <summary>Tolerance for clocks that disagree; JwtBearer's own default (5 minutes) is far too generous.</summary>
    public int ClockSkewSeconds { get; set; } = 30;

    /// <summary>A permission the token must carry (in <c>permissions</c>, <c>scope</c> or <c>scp</c>) to credit (000).</summary>
    public string? RequiredPermission { get; set; }

    /// <summary>SPEC §4: reads and live channels require a user token too.</summary>
    public bool RequireForReads { get; set; }

    /// <summary>
    /// The demo-only minting endpoint: on only in the demo (the Demo environment sets it) and never once JWT_SECRET or a
    /// JWKS is configured. Each minted token is a new identity, so a board that takes real logins must not mint them.
    /// </summary>
    public bool DemoTokens { get; set; }

    public static readonly string[] Supported = ["HS256", "HS384", "HS512", "RS256", "RS384", "RS512", "PS256", "ES256", "ES384", "ES512"];

    public bool HasExternalKeys => !string.IsNullOrEmpty(JwksUrl) || !string.IsNullOrEmpty(JwksFile);

    public bool DemoTokensEnabled => DemoTokens && string.IsNullOrEmpty(Secret) && !HasExternalKeys;

    public IReadOnlyList<string> EffectiveAlgorithms(bool hasSecret) =>
        Algorithms.Count > 0 ? Algorithms
        : [.. hasSecret ? ["HS256"] : Array.Empty<string>(), .. HasExternalKeys ? ["RS256", "ES256"] : Array.Empty<string>()];

    /// <summary>Parses <see cref="Expiry"/>; null when it is not a positive duration.</summary>
    public static TimeSpan? ParseExpiry(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var unit = char.IsAsciiDigit(text[^1]) ? 's' : char.ToLowerInvariant(text[^1]);
        var digits = char.IsAsciiDigit(text[^1]) ? text : text[..^1];
        if (!long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n <= 0 || n > 366L * 24 * 3600)
        {
            return null;
        }

        return unit switch
        {
            's' => TimeSpan.FromSeconds(n),
            'm' => TimeSpan.FromMinutes(n),
            'h' => TimeSpan.FromHours(n),
            'd' => TimeSpan.FromDays(n),
            _ => null,
        };
    }

    /// <summary>The start-up check: a message naming the setting, or null.</summary>
    public static string? Check(UserTokenOptions o)
    {
        if (o.Secret is { Length: > 0 and < 32 })
        {
            return "JWT_SECRET (Scoreboard:UserTokens:Secret) must be at least 32 characters: HS256 needs a 256-bit key.";
        }

        if (ParseExpiry(o.Expiry) is null)
        {
            return $"JWT_EXPIRY (Scoreboard:UserTokens:Expiry) must be a duration such as 24h, 30m, 7d or 3600 (got '{o.Expiry}').";
        }

        if (o.ClockSkewSeconds is < 0 or > 300)
        {
            return $"Scoreboard:UserTokens:ClockSkewSeconds must be from 0 to 300 (got {o.ClockSkewSeconds}).";
        }

        if (!string.IsNullOrEmpty(o.JwksUrl) && !Uri.TryCreate(o.JwksUrl, UriKind.Absolute, out _))
        {
            return "Scoreboard:UserTokens:JwksUrl must be an absolute URL.";
        }

        if (!string.IsNullOrEmpty(o.JwksFile) && !File.Exists(o.JwksFile))
        {
            return $"Scoreboard:UserTokens:JwksFile names a file that does not exist ({o.JwksFile}).";
        }

        return o.Algorithms.FirstOrDefault(a => !Supported.Contains(a)) is { } bad
            ? $"Scoreboard:UserTokens:Algorithms: '{bad}' is not one of {string.Join(", ", Supported)}."
            : null;
    }
}
