using Scoreboard.Storage;

namespace Scoreboard.Security;

/// <summary>Service keys from configuration (seeds 001 and 004: <c>X-API-KEY</c>).</summary>
public sealed class ServiceKeyOptions
{
    public const string Section = "Scoreboard:ServiceKeys";

    /// <summary>Bootstrap key (<c>SCOREBOARD_API_KEY</c>), named <c>bootstrap</c>, allowed every action type.</summary>
    public string? ApiKey { get; set; }

    public List<ConfiguredServiceKey> Keys { get; set; } = [];

    /// <summary>How often a running server re-reads the stored keys, so <c>keys revoke</c> takes effect within this time.</summary>
    public int RefreshSeconds { get; set; } = 10;
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

/// <summary>Where an active key comes from: configuration, the first start of a data folder with none, or <c>keys create</c>.</summary>
public enum ServiceKeySource
{
    Configured,
    Generated,
    Created,
}

/// <summary>A key as the operator sees it: name, origin and allowed types, never the secret.</summary>
public sealed record ActiveServiceKey(string Name, ServiceKeySource Source, IReadOnlyList<string> ActionTypes)
{
    /// <summary>Every key in force: the configured ones first, then those in the store.</summary>
    public static IReadOnlyList<ActiveServiceKey> All(ServiceKeyOptions options, IEnumerable<StoredServiceKey> stored)
    {
        var keys = new List<ActiveServiceKey>();
        if (!string.IsNullOrEmpty(options.ApiKey))
        {
            keys.Add(new(ServiceKeyRegistry.BootstrapKeyName, ServiceKeySource.Configured, ["*"]));
        }

        keys.AddRange(options.Keys.Select(k => new ActiveServiceKey(k.Name, ServiceKeySource.Configured, k.ActionTypes)));
        keys.AddRange(stored.Select(s => new ActiveServiceKey(
            s.Name, s.Name == ServiceKeyRegistry.GeneratedKeyName ? ServiceKeySource.Generated : ServiceKeySource.Created, s.ActionTypes)));
        return keys;
    }
}
