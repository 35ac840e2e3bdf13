using System.Security.Cryptography;
using System.Text;
using Scoreboard.Diagnostics;
using Scoreboard.Storage;

namespace Scoreboard.Security;

/// <summary>
/// The keys the server accepts, held as hashes; lookups compare in constant time. Configured keys are read once;
/// stored keys are read again every <see cref="ServiceKeyOptions.RefreshSeconds"/>, so <c>keys create</c> and
/// <c>keys revoke</c>, run beside a running server, take effect on it within that time.
/// </summary>
public sealed class ServiceKeyRegistry
{
    public const string GeneratedKeyName = "embedded-demo";
    public const string BootstrapKeyName = "bootstrap";

    private IReadOnlyList<(byte[] Hash, ServiceKey Key)> _configured = [];
    private volatile IReadOnlyList<(byte[] Hash, ServiceKey Key)> _keys = [];
    private IReadOnlyList<StoredServiceKey>? _stored;

    /// <summary>Loads configured and stored keys; with none at all, generates one, stores its hash and logs it once.</summary>
    public async Task LoadAsync(ServiceKeyOptions options, IScoreStore store, ILogger logger, CancellationToken cancellationToken)
    {
        var configured = new List<(byte[], ServiceKey)>();
        if (!string.IsNullOrEmpty(options.ApiKey))
        {
            configured.Add((Hash(options.ApiKey), new ServiceKey(BootstrapKeyName, ["*"])));
        }

        foreach (var key in options.Keys)
        {
            var hash = key.Key is { Length: > 0 } secret ? Hash(secret) : Convert.FromHexString(key.KeySha256!);
            configured.Add((hash, new ServiceKey(key.Name, key.ActionTypes)));
        }

        _configured = configured;
        var stored = await store.ReadServiceKeysAsync(cancellationToken);
        if (configured.Count == 0 && stored.Count == 0)
        {
            var secret = NewSecret();
            var generated = new StoredServiceKey(GeneratedKeyName, Convert.ToHexStringLower(Hash(secret)), ["*"]);
            await store.AddServiceKeyAsync(generated, cancellationToken);
            stored = [generated];
            Log.ServiceKeyGenerated(logger, secret);
        }

        Use(stored);
        foreach (var key in ActiveServiceKey.All(options, stored))
        {
            Log.ServiceKeyActive(logger, key.Name, key.Source.ToString().ToLowerInvariant(), string.Join(",", key.ActionTypes));
        }

        if (!string.IsNullOrEmpty(options.ApiKey) && stored.Any(s => s.Name == GeneratedKeyName))
        {
            Log.GeneratedKeyStillActive(logger, GeneratedKeyName);
        }
    }

    /// <summary>Re-reads the stored keys and logs what another process created or revoked since the last read.</summary>
    public async Task RefreshAsync(IScoreStore store, ILogger logger, CancellationToken cancellationToken)
    {
        if (_stored is not { } before)
        {
            return;
        }

        var stored = await store.ReadServiceKeysAsync(cancellationToken);
        foreach (var gone in before.Where(b => !stored.Any(s => s.KeyHash == b.KeyHash)))
        {
            Log.ServiceKeyRevoked(logger, gone.Name);
        }

        foreach (var added in stored.Where(s => !before.Any(b => b.KeyHash == s.KeyHash)))
        {
            Log.ServiceKeyAdded(logger, added.Name, string.Join(",", added.ActionTypes));
        }

        Use(stored);
    }

    public ServiceKey? Authenticate(string presented)
    {
        var hash = Hash(presented);
        ServiceKey? match = null;

        // Every key is compared, and in constant time, so timing tells nothing about which bytes matched.
        foreach (var (candidate, key) in _keys)
        {
            if (CryptographicOperations.FixedTimeEquals(candidate, hash))
            {
                match = key;
            }
        }

        return match;
    }

    public static byte[] Hash(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));

    /// <summary>A new random key: 256 bits, URL-safe, with a prefix that says what it is.</summary>
    public static string NewSecret() => "sb_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private void Use(IReadOnlyList<StoredServiceKey> stored)
    {
        _stored = stored;
        _keys = [.. _configured, .. stored.Select(s => (Convert.FromHexString(s.KeyHash), new ServiceKey(s.Name, s.ActionTypes)))];
    }
}
