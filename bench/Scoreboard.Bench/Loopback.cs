using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Scoreboard.Bench;

/// <summary>
/// A throwaway PostgreSQL (fsync on, as in production) and Redis on free loopback ports, in a temporary folder that is
/// removed on dispose. As root, PostgreSQL runs as the <c>postgres</c> user, as the test fixtures do.
/// </summary>
internal sealed class Loopback : IAsyncDisposable
{
    private readonly string _root;
    private System.Diagnostics.Process? _redis;

    private Loopback(string root) => _root = root;

    public int PostgresPort { get; private set; }

    public int RedisPort { get; private set; }

    public string Postgres(string database) =>
        $"Host=127.0.0.1;Port={PostgresPort};Username=scoreboard;Database={database};Pooling=true;Maximum Pool Size=64";

    public string Redis => $"127.0.0.1:{RedisPort}";

    public static async Task<Loopback> StartAsync()
    {
        await Tools.RequireAsync("initdb", "pgbench", "redis-server", "redis-benchmark");
        var loopback = new Loopback(Directory.CreateTempSubdirectory("scoreboard-bench-pg-").FullName) { PostgresPort = FreePort(), RedisPort = FreePort() };
        try
        {
            if (Environment.UserName == "root")
            {
                await Tools.RunAsync("chown", [], "-R", "postgres", loopback._root);
            }

            var data = Path.Combine(loopback._root, "data");
            await Tools.RunAsOwnerAsync("initdb", "-D", data, "-U", "scoreboard", "--auth=trust", "-E", "UTF8", "--locale=C");
            await Tools.RunAsOwnerAsync("pg_ctl", "-D", data, "-l", Path.Combine(loopback._root, "log"), "-w", "-t", "60", "start", "-o",
                $"-p {loopback.PostgresPort} -k {loopback._root} -c listen_addresses=127.0.0.1 -c max_connections=400 -c synchronous_commit=on -c fsync=on");
            loopback._redis = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo(Tools.Find("redis-server")!,
                ["--port", loopback.RedisPort.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--maxclients", "20000"])
            { RedirectStandardOutput = true });
            await WaitForPortAsync(loopback.RedisPort);
            return loopback;
        }
        catch
        {
            await loopback.DisposeAsync();
            throw;
        }
    }

    /// <summary>A new, empty database; returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string name)
    {
        await using var connection = new Npgsql.NpgsqlConnection(Postgres("postgres"));
        await connection.OpenAsync();
        await using var create = new Npgsql.NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await create.ExecuteNonQueryAsync();
        return Postgres(name);
    }

    public async ValueTask DisposeAsync()
    {
        if (_redis is { } redis)
        {
            redis.Kill();
            await redis.WaitForExitAsync();
            redis.Dispose();
        }

        try
        {
            await Tools.RunAsOwnerAsync("pg_ctl", "-D", Path.Combine(_root, "data"), "-w", "-m", "immediate", "stop");
        }
        catch (BenchException)
        {
            // Not started.
        }

        Directory.Delete(_root, recursive: true);
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task WaitForPortAsync(int port)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException) when (attempt < 100)
            {
                await Task.Delay(100);
            }
        }
    }
}
