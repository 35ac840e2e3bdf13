namespace Scoreboard.Security.Signing;

/// <summary>Whose secret signs a user's requests.</summary>
public enum SigningMode
{
    /// <summary>Every client signs with <c>HMAC_SECRET_KEY</c> itself, as the seed documents describe.</summary>
    Shared,

    /// <summary>Each user signs with a key derived from <c>HMAC_SECRET_KEY</c> and their id, fetched with their token.</summary>
    PerUser,
}

/// <summary>Request signing (000, 002, 003): HMAC-SHA256 in hex over each dialect's canonical string.</summary>
public sealed class SigningOptions
{
    public const string Section = "Scoreboard:Signing";

    /// <summary><c>HMAC_SECRET_KEY</c>; generated per data folder when unset.</summary>
    public string? Secret { get; set; }

    public SigningMode Mode { get; set; } = SigningMode.Shared;

    /// <summary>How far a request's timestamp may be from the server's clock, either way.</summary>
    public int WindowSeconds { get; set; } = 300;

    public static string? Check(SigningOptions o) =>
        o.Secret is { Length: > 0 and < 16 } ? "HMAC_SECRET_KEY (Scoreboard:Signing:Secret) must be at least 16 characters."
        : o.WindowSeconds is < 1 or > 86_400 ? $"Scoreboard:Signing:WindowSeconds must be from 1 to 86400 (got {o.WindowSeconds})."
        : !Enum.IsDefined(o.Mode) ? "Scoreboard:Signing:Mode must be Shared or PerUser."
        : null;
}
