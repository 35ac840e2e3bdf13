using System.Security.Cryptography;
using System.Text;
using Scoreboard.Storage;

namespace Scoreboard.Security;

/// <summary>Service keys from configuration (seeds 001 and 004: <c>X-API-KEY</c>).</summary>
public sealed class ServiceKeyOptions
{
    public const string Section = "Scoreboard:ServiceKeys";

    /// <summary>Bootstrap key (<c>SCOREBOARD_API_KEY</c>), named <c>bootstrap</c>, allowed every action type.</summary>
    public string? ApiKey { get; set; }

    public List<ConfiguredServiceKey> Keys { get; set; } = [];
}

/// <summary>One configured key: the secret itself or, better, its SHA-256 in hex.</summary>
public sealed class ConfiguredServiceKey
{
    public string Name { get; set; } = "";

    public string? Key { get; set; }

    public string? KeySha256 { get; set; }

    /// <summary>Action types the key may credit; <c>*</c> means all. Required: a key allowed nothing is a mistake.</summary>
    public List<string> ActionTypes { get; set; } = [];
}

/// <summary>An authenticated backend caller.</summary>
public sealed record ServiceKey(string Name, IReadOnlyList<string> ActionTypes)
{
    public bool Allows(string actionType) => ActionTypes.Contains("*") || ActionTypes.Contains(actionType);
}

/// <summary>The keys the server accepts, held as hashes; lookups compare in constant time.</summary>
public sealed class ServiceKeyRegistry
{
    private const string GeneratedKeyName = "embedded-demo";

    private IReadOnlyList<(byte[] Hash, ServiceKey Key)> _keys = [];

    /// <summary>Loads configured and stored keys; with none at all, generates one, stores its hash and logs it once.</summary>
    public async Task LoadAsync(ServiceKeyOptions options, IScoreStore store, ILogger logger, CancellationToken cancellationToken)
    {
        var keys = new List<(byte[], ServiceKey)>();
        if (!string.IsNullOrEmpty(options.ApiKey))
        {
            keys.Add((Hash(options.ApiKey), new ServiceKey("bootstrap", ["*"])));
        }

        foreach (var configured in options.Keys)
        {
            var hash = configured.Key is { Length: > 0 } key ? Hash(key) : Convert.FromHexString(configured.KeySha256!);
            keys.Add((hash, new ServiceKey(configured.Name, configured.ActionTypes)));
        }

        var stored = await store.ReadServiceKeysAsync(cancellationToken);
        keys.AddRange(stored.Select(s => (Convert.FromHexString(s.KeyHash), new ServiceKey(s.Name, s.ActionTypes))));

        if (keys.Count == 0)
        {
            var secret = "sb_" + Base64Url(RandomNumberGenerator.GetBytes(32));
            var generated = new StoredServiceKey(GeneratedKeyName, Convert.ToHexStringLower(Hash(secret)), ["*"]);
            await store.AddServiceKeyAsync(generated, cancellationToken);
            keys.Add((Hash(secret), new ServiceKey(generated.Name, generated.ActionTypes)));
            Diagnostics.Log.ServiceKeyGenerated(logger, secret);
        }

        _keys = keys;
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

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
