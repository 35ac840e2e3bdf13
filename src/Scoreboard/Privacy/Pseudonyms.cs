using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Scoreboard.Privacy;

/// <summary>
/// An erased user's pseudonym: <c>erased-</c> and 128 bits of HMAC-SHA256 of the user id. The same id always gives the
/// same pseudonym under one key, so whoever holds the key and an id can find its erased rows; nobody can go back.
/// </summary>
public sealed class Pseudonyms(PrivacyStore store, IOptions<PrivacyOptions> options)
{
    public const string Prefix = "erased-";

    private byte[]? _key;

    public async Task<string> OfAsync(string userId, CancellationToken cancellationToken)
    {
        var key = _key ??= Encoding.UTF8.GetBytes(options.Value.PseudonymKey
            ?? await store.StoredKeyAsync(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)), cancellationToken));
        return Prefix + Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(userId)))[..32];
    }
}
