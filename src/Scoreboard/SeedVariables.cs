using System.Globalization;

namespace Scoreboard;

/// <summary>
/// Seed 002 §8.1's plain environment variables (<c>PORT</c>, <c>LOG_LEVEL</c>, …) and the scoreboard's own
/// short ones, mapped onto configuration keys. They rank below <c>Scoreboard__…</c> variables and the command line.
/// </summary>
internal static class SeedVariables
{
    public static void AddSeedVariables(this ConfigurationManager configuration)
    {
        var mapped = new Dictionary<string, string?>();
        void Map(string variable, string key, Func<string, string>? convert = null)
        {
            if (Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value)
            {
                mapped[key] = convert is null ? value : convert(value);
            }
        }

        // An explicit --urls or ASPNETCORE_URLS wins over PORT; PORT defaults to 3000 as in 002.
        if (string.IsNullOrEmpty(configuration["urls"]))
        {
            var port = Environment.GetEnvironmentVariable("PORT") is { Length: > 0 } text ? ParsePort(text) : 3000;
            mapped["urls"] = $"http://+:{port}";
        }

        Map("LOG_LEVEL", "Logging:LogLevel:Default", ParseLogLevel);
        Map("SCOREBOARD_DATA_DIR", "Scoreboard:Storage:DataDir");
        Map("SCOREBOARD_API_KEY", "Scoreboard:ServiceKeys:ApiKey");
        Map("CORS_ORIGINS", "Scoreboard:Live:AllowedOrigins");
        Map("SCOREBOARD_ADMIN_KEY", "Scoreboard:Admin:ApiKey");
        Map("JWT_SECRET", "Scoreboard:UserTokens:Secret");
        Map("JWT_EXPIRY", "Scoreboard:UserTokens:Expiry");
        Map("HMAC_SECRET_KEY", "Scoreboard:Signing:Secret");
        Map("RATE_LIMIT_WINDOW_MS", "Scoreboard:RateLimits:WindowMs");
        Map("RATE_LIMIT_MAX_REQUESTS", "Scoreboard:RateLimits:PerUser");
        Map("KNOWN_PROXIES", "Scoreboard:Proxies:KnownProxies");

        // Seed 002 §8.1's distributed-mode variables; any DB_HOST switches the store to PostgreSQL.
        Map("DB_HOST", "Scoreboard:Database:Host");
        Map("DB_PORT", "Scoreboard:Database:Port", v => Whole("DB_PORT", v));
        Map("DB_NAME", "Scoreboard:Database:Name");
        Map("DB_USER", "Scoreboard:Database:User");
        Map("DB_PASSWORD", "Scoreboard:Database:Password");
        Map("DB_POOL_SIZE", "Scoreboard:Database:PoolSize", v => Whole("DB_POOL_SIZE", v));
        Map("REDIS_HOST", "Scoreboard:Redis:Host");
        Map("REDIS_PORT", "Scoreboard:Redis:Port", v => Whole("REDIS_PORT", v));
        Map("REDIS_PASSWORD", "Scoreboard:Redis:Password");
        Map("REDIS_DB", "Scoreboard:Redis:Database", v => Whole("REDIS_DB", v));

        var environmentIndex = configuration.Sources
            .Select((source, index) => (source, index))
            .FirstOrDefault(s => s.source is Microsoft.Extensions.Configuration.EnvironmentVariables.EnvironmentVariablesConfigurationSource).index;
        configuration.Sources.Insert(environmentIndex, new Microsoft.Extensions.Configuration.Memory.MemoryConfigurationSource { InitialData = mapped });
    }

    private static int ParsePort(string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is >= 1 and <= 65535
            ? port
            : throw new ScoreboardConfigurationException($"PORT must be a whole number from 1 to 65535 (got '{text}').");

    private static string Whole(string variable, string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out _)
            ? text
            : throw new ScoreboardConfigurationException($"{variable} must be a whole number (got '{text}').");

    private static string ParseLogLevel(string text) => text.ToLowerInvariant() switch
    {
        "trace" or "silly" => "Trace",
        "debug" or "verbose" => "Debug",
        "info" or "information" or "http" => "Information",
        "warn" or "warning" => "Warning",
        "error" => "Error",
        "fatal" or "critical" => "Critical",
        "silent" or "none" => "None",
        _ => throw new ScoreboardConfigurationException($"LOG_LEVEL must be one of trace, debug, info, warn, error, fatal, silent (got '{text}')."),
    };
}

/// <summary>A setting that cannot work; start-up stops with its message, which names the setting.</summary>
public sealed class ScoreboardConfigurationException(string message) : Exception(message);
