using Scoreboard.IntegrationTests.Infrastructure;

namespace Scoreboard.IntegrationTests.Distributed.History;

/// <summary>
/// Three instances on a PostgreSQL and a Redis of their own (the faults would hurt other tests on the shared ones).
/// An instance slot is empty while its server is down; clients take whichever server is up.
/// </summary>
public sealed class FaultyCluster : IAsyncDisposable
{
    public const string Prefix = "history";

    private readonly ScoreboardServer?[] _slots = new ScoreboardServer?[3];

    private FaultyCluster(PostgresServer postgres, RedisServer redis, Dictionary<string, string?> environment)
    {
        (Postgres, Redis, Environment) = (postgres, redis, environment);
    }

    public PostgresServer Postgres { get; }

    public RedisServer Redis { get; }

    public Dictionary<string, string?> Environment { get; }

    public int Count => _slots.Length;

    public string PostgresConnection => Environment["ConnectionStrings__Postgres"]!;

    public static async Task<FaultyCluster> StartAsync()
    {
        var postgres = await PostgresServer.StartAsync();
        var redis = await RedisServer.StartAsync();
        var environment = DistributedBackend.Environment(await postgres.CreateDatabaseAsync("scoreboard"), redis.ConnectionString, Prefix);
        // Distributed instances share these, or a token or signature made on one fails on another.
        environment["JWT_SECRET"] = "history-test-jwt-secret-0123456789abcdef";
        environment["HMAC_SECRET_KEY"] = "history-test-hmac-secret-0123456789abcdef";
        var cluster = new FaultyCluster(postgres, redis, environment);
        var started = await Instances.StartAsync(cluster.Count, environment);
        for (var i = 0; i < started.Count; i++)
        {
            cluster._slots[i] = started[i];
        }

        return cluster;
    }

    /// <summary>The server in slot <paramref name="n"/> modulo the count, or the next one up; null when none is.</summary>
    public ScoreboardServer? Pick(int n) =>
        Enumerable.Range(0, Count).Select(k => Volatile.Read(ref _slots[(int)((uint)(n + k) % Count)])).FirstOrDefault(s => s is not null);

    /// <summary>kill -9 of the instance in <paramref name="slot"/>; its slot stays empty until <see cref="RestartAsync"/>.</summary>
    public async Task KillAsync(int slot)
    {
        var server = Interlocked.Exchange(ref _slots[slot], null);
        if (server is not null)
        {
            server.Kill();
            await server.DisposeAsync();
        }
    }

    public async Task RestartAsync(int slot) => Volatile.Write(ref _slots[slot], await ScoreboardServer.StartAsync(environment: Environment));

    /// <summary>Everything the instances printed, for a failure's message.</summary>
    public string Output => string.Join("\n", _slots.Where(s => s is not null).Select(s => s!.Output));

    public async ValueTask DisposeAsync()
    {
        for (var i = 0; i < Count; i++)
        {
            await KillAsync(i);
        }

        await Redis.DisposeAsync();
        await Postgres.DisposeAsync();
    }
}
