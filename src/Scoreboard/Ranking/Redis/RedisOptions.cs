using StackExchange.Redis;

namespace Scoreboard.Ranking.Redis;

/// <summary>
/// Where the shared rank index, sequence numbers and fan-out live: <c>ConnectionStrings:Redis</c> (StackExchange.Redis
/// syntax), or seed 002 §8.1's <c>REDIS_*</c> variables (mapped onto <c>Scoreboard:Redis:*</c>).
/// </summary>
public sealed class RedisOptions
{
    public const string Section = "Scoreboard:Redis";

    public string? ConnectionString { get; set; }

    public string? Host { get; set; }

    public int Port { get; set; } = 6379;

    public string? Password { get; set; }

    public int Database { get; set; }

    /// <summary>Starts every key and channel name; instances of one board share it, separate boards on one Redis do not.</summary>
    public string KeyPrefix { get; set; } = "scoreboard";

    /// <summary>How often the outbox relay checks for standings Redis has not confirmed.</summary>
    public int RelayIntervalMs { get; set; } = 1_000;

    public TimeSpan RelayInterval => TimeSpan.FromMilliseconds(RelayIntervalMs);

    public bool IsConfigured => !string.IsNullOrWhiteSpace(ConnectionString) || !string.IsNullOrWhiteSpace(Host);

    public ConfigurationOptions Build()
    {
        var options = string.IsNullOrWhiteSpace(ConnectionString)
            ? new ConfigurationOptions { EndPoints = { { Host!, Port } }, Password = Password, DefaultDatabase = Database }
            : ConfigurationOptions.Parse(ConnectionString);

        // Start and keep running while Redis is away: credits still commit, reads fall back to the store.
        options.AbortOnConnectFail = false;
        // While disconnected, fail at once instead of queueing: the caller has a fallback (store reads, the outbox).
        options.BacklogPolicy = BacklogPolicy.FailFast;
        options.ConnectTimeout = 2_000;
        options.SyncTimeout = 2_000;
        options.AsyncTimeout = 2_000;
        options.ClientName ??= "scoreboard";
        return options;
    }

    public string? Check()
    {
        if (!IsConfigured)
        {
            return null;
        }

        try
        {
            _ = Build();
        }
        catch (ArgumentException ex)
        {
            return $"ConnectionStrings:Redis is not a valid Redis configuration ({ex.Message}).";
        }

        return Port is < 1 or > 65535 ? $"REDIS_PORT must be from 1 to 65535 (got {Port})."
            : Database is < 0 or > 15 ? $"REDIS_DB must be from 0 to 15 (got {Database})."
            : RelayIntervalMs is < 10 or > 60_000 ? $"{Section}:RelayIntervalMs must be from 10 to 60000 (got {RelayIntervalMs})."
            : string.IsNullOrWhiteSpace(KeyPrefix) || KeyPrefix.IndexOfAny(['{', '}', ' ']) >= 0 ? $"{Section}:KeyPrefix must be a name without braces or spaces."
            : null;
    }
}
