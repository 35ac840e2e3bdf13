using System.Security.Cryptography;
using System.Text;

namespace Scoreboard.IntegrationTests.Infrastructure;

/// <summary>
/// The PostgreSQL and Redis shared by a test run, started on first use and stopped when the run ends.
/// Each server data folder gets its own database and Redis key prefix, so tests stay apart and a server
/// restarted on the same folder finds its data again, as in embedded mode.
/// </summary>
public static class DistributedBackend
{
    /// <summary><c>SCOREBOARD_TEST_BACKEND=distributed</c> runs every server test on PostgreSQL + Redis.</summary>
    public static bool IsSelected => System.Environment.GetEnvironmentVariable("SCOREBOARD_TEST_BACKEND") == "distributed";

    private static readonly Lazy<Task<(PostgresServer Postgres, RedisServer Redis)>> Servers = new(StartAsync);

    public static async Task<PostgresServer> PostgresAsync() => (await Servers.Value).Postgres;

    public static async Task<RedisServer> RedisAsync() => (await Servers.Value).Redis;

    /// <summary>The environment that points a server at the shared backends, with a database and prefix named after <paramref name="key"/>.</summary>
    public static async Task<Dictionary<string, string?>> EnvironmentAsync(string key)
    {
        var (postgres, redis) = await Servers.Value;
        var name = "sb_" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..16];
        return Environment(await postgres.CreateDatabaseAsync(name), redis.ConnectionString, name);
    }

    /// <summary>A connection to the database of the server started on <paramref name="dataDir"/>.</summary>
    public static async Task<Npgsql.NpgsqlConnection> OpenStoreAsync(string dataDir)
    {
        var connection = new Npgsql.NpgsqlConnection((await EnvironmentAsync(dataDir))["ConnectionStrings__Postgres"]);
        await connection.OpenAsync();
        return connection;
    }

    public static Dictionary<string, string?> Environment(string postgres, string redis, string prefix) => new()
    {
        ["ConnectionStrings__Postgres"] = postgres,
        ["ConnectionStrings__Redis"] = redis,
        ["Scoreboard__Redis__KeyPrefix"] = prefix,
        ["Scoreboard__Redis__RelayIntervalMs"] = "200",
    };

    /// <summary>
    /// Distributed mode refuses to start without secrets shared by every instance, so a test that sets none gets the
    /// run's, as an operator would. Where a test sets neither JWT_SECRET nor a JWKS, as for the embedded demo, demo
    /// tokens stay on, as they are there with the secret generated per data folder.
    /// </summary>
    /// <summary>The user-token secret every distributed server of the run shares (tests mint tokens with it).</summary>
    public const string JwtSecret = "distributed-run-jwt-secret-0123456789abcdef";

    public static Dictionary<string, string?> WithSharedSecrets(IReadOnlyDictionary<string, string?> environment)
    {
        var result = new Dictionary<string, string?>(environment);
        bool Has(string name) => result.TryGetValue(name, out var value) && !string.IsNullOrEmpty(value);
        if (!Has("HMAC_SECRET_KEY"))
        {
            result["HMAC_SECRET_KEY"] = "distributed-run-hmac-secret-0123456789";
        }

        if (!Has("JWT_SECRET") && !Has("Scoreboard__UserTokens__JwksFile") && !Has("Scoreboard__UserTokens__JwksUrl"))
        {
            result["JWT_SECRET"] = JwtSecret;
        }

        return result;
    }

    private static async Task<(PostgresServer, RedisServer)> StartAsync()
    {
        var postgres = await PostgresServer.StartAsync();
        var redis = await RedisServer.StartAsync();
        // xunit 2 has no run-wide fixture, and the test host may be ended before exit handlers finish: a detached
        // watchdog stops both servers and removes PostgreSQL's folder once this process is gone, however it ended.
        var watchdog = new System.Diagnostics.ProcessStartInfo("setsid") { UseShellExecute = false };
        foreach (var arg in new[] { "sh", "-c", $"exec >/dev/null 2>&1 </dev/null; while kill -0 {System.Environment.ProcessId}; do sleep 1; done; " +
            $"kill {redis.ProcessId}; {postgres.CleanupCommand}" })
        {
            watchdog.ArgumentList.Add(arg);
        }

        System.Diagnostics.Process.Start(watchdog)?.Dispose();
        return (postgres, redis);
    }
}
