using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Scoreboard.Security.Signing;

/// <summary>
/// The canonical strings clients sign, and the check. 002's string is its document's concatenation, as written;
/// 000 and 003 name their own fields and a prefix, joined by <c>|</c> (a character ids cannot contain), so no
/// signature made for one form or one dialect verifies for another.
/// </summary>
public static class RequestSignatures
{
    /// <summary>000: <c>000|{actionId}|{timestamp}|{userId}</c>, timestamp in Unix seconds as decimal digits.</summary>
    public static string Canonical000(string actionId, long timestamp, string userId) =>
        string.Create(CultureInfo.InvariantCulture, $"000|{actionId}|{timestamp}|{userId}");

    /// <summary>002 §5.2: <c>actionId + actionType + scoreIncrement + timestamp</c>, the timestamp exactly as sent.</summary>
    public static string Canonical002(string actionId, string actionType, long scoreIncrement, string timestamp) =>
        string.Create(CultureInfo.InvariantCulture, $"{actionId}{actionType}{scoreIncrement}{timestamp}");

    /// <summary>003: <c>003|{actionId}|{points}|{userId}</c>.</summary>
    public static string Canonical003(string actionId, long points, string userId) =>
        string.Create(CultureInfo.InvariantCulture, $"003|{actionId}|{points}|{userId}");

    /// <summary>HMAC-SHA256 of the canonical string under the secret (both as UTF-8), lower-case hex.</summary>
    public static string Sign(string secret, string canonical) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(canonical)));

    /// <summary>Compares in constant time; hex in either case is accepted.</summary>
    public static bool Verify(string secret, string canonical, string? presented)
    {
        if (presented is not { Length: 64 } || !presented.All(char.IsAsciiHexDigit))
        {
            return false;
        }

        var expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(canonical));
        return CryptographicOperations.FixedTimeEquals(expected, Convert.FromHexString(presented));
    }

    /// <summary>A user's own signing key in <see cref="SigningMode.PerUser"/>: a leaked key signs for that user only.</summary>
    public static string UserKey(string master, string userId) => Sign(master, "user-key|" + userId);

    /// <summary>True when <paramref name="timestamp"/> is within <paramref name="window"/> of <paramref name="now"/>.</summary>
    public static bool InWindow(DateTimeOffset timestamp, DateTimeOffset now, TimeSpan window) =>
        (timestamp - now).Duration() <= window;
}

/// <summary>Which key checks a user's signatures, by the configured mode.</summary>
public sealed class SigningKeys(Tokens.ServerSecrets secrets, Microsoft.Extensions.Options.IOptions<SigningOptions> options)
{
    public SigningMode Mode => options.Value.Mode;

    public TimeSpan Window => TimeSpan.FromSeconds(options.Value.WindowSeconds);

    public string KeyFor(string userId) =>
        Mode == SigningMode.PerUser ? RequestSignatures.UserKey(secrets.SigningSecret, userId) : secrets.SigningSecret;
}
