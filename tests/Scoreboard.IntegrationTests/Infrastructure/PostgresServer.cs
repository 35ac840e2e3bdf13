using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Scoreboard.IntegrationTests.Infrastructure;

/// <summary>
/// A real PostgreSQL on a free loopback port, in a temporary folder removed on dispose. As root (CI) it runs as
/// the <c>postgres</c> user, since initdb and postgres refuse root. A missing binary fails the test run loudly.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    public const string User = "scoreboard";

    private readonly string _root;
    private readonly string _bin;

    private PostgresServer(string root, string bin, int port)
    {
        (_root, _bin, Port) = (root, bin, port);
    }

    public int Port { get; }

    private string DataDir => Path.Combine(_root, "data");

    public string ConnectionString(string database) =>
        $"Host=127.0.0.1;Port={Port};Username={User};Database={database};Pooling=true;Maximum Pool Size=20";

    public static async Task<PostgresServer> StartAsync()
    {
        var bin = FindBin();
        var root = Directory.CreateTempSubdirectory("scoreboard-pg-").FullName;
        var server = new PostgresServer(root, bin, FreePort.Next());
        if (Environment.UserName == "root")
        {
            await Shell.RunAsync("chown", "-R", "postgres", root);
        }

        await server.AsOwnerAsync("initdb", "-D", server.DataDir, "-U", User, "--auth=trust", "-E", "UTF8", "--locale=C", "--no-sync");
        await server.StartAgainAsync();
        return server;
    }

    /// <summary>Starts the server (again, after <see cref="StopAsync"/>) on the same port and data.</summary>
    public Task StartAgainAsync() => AsOwnerAsync("pg_ctl", "-D", DataDir, "-l", Path.Combine(_root, "log"), "-w", "-t", "60", "start",
        "-o", $"-p {Port} -k {_root} -c listen_addresses=127.0.0.1 -c max_connections=300");

    /// <summary>Fast shutdown: open transactions roll back, committed ones stay.</summary>
    public Task StopAsync() => AsOwnerAsync("pg_ctl", "-D", DataDir, "-w", "-m", "fast", "stop");

    /// <summary>
    /// Signals the whole server, as a crash or a stalled machine would: pg_ctl starts the postmaster as the leader of
    /// its own process group, and every backend belongs to it. STOP/CONT pause it; KILL crashes it (recovery on restart).
    /// </summary>
    public Task SignalAsync(string signal) => Shell.RunAsync("kill", $"-{signal}", "--", $"-{Postmaster}");

    /// <summary>SIGKILL of every process of the server, as a power cut would; <see cref="StartAgainAsync"/> then recovers from the WAL.</summary>
    public async Task CrashAsync()
    {
        var postmaster = Postmaster;
        await SignalAsync("KILL");
        // The postmaster's parent is PID 1, which in a container may never reap it: a zombie still answers kill -0, and
        // PostgreSQL would take its lock files for a live server's. Once it is dead, the files are stale; a reaping init
        // would have made them so.
        var stat = $"/proc/{postmaster}/stat";
        for (var attempt = 0; File.Exists(stat) && !File.ReadAllText(stat).Split(' ')[2].Equals("Z", StringComparison.Ordinal); attempt++)
        {
            if (attempt == 100)
            {
                throw new InvalidOperationException($"PostgreSQL's postmaster {postmaster} outlived SIGKILL.");
            }

            await Task.Delay(50);
        }

        File.Delete(Path.Combine(DataDir, "postmaster.pid"));
        File.Delete(Path.Combine(_root, $".s.PGSQL.{Port}.lock"));
    }

    private string Postmaster => File.ReadLines(Path.Combine(DataDir, "postmaster.pid")).First();

    public async Task<string> CreateDatabaseAsync(string name)
    {
        // Not from the pool: a fault test may have restarted this server since, leaving pooled connections dead.
        await using var connection = new NpgsqlConnection(ConnectionString("postgres").Replace("Pooling=true", "Pooling=false", StringComparison.Ordinal));
        await connection.OpenAsync();
        await using var exists = new NpgsqlCommand("SELECT count(*) FROM pg_database WHERE datname = $1", connection);
        exists.Parameters.AddWithValue(name);
        if ((long)(await exists.ExecuteScalarAsync())! == 0)
        {
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await create.ExecuteNonQueryAsync();
        }

        return ConnectionString(name);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await AsOwnerAsync("pg_ctl", "-D", DataDir, "-w", "-m", "immediate", "stop");
        }
        catch (InvalidOperationException)
        {
            // Already stopped.
        }

        // The last postgres processes may still be closing files for a moment after pg_ctl returns.
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                Directory.Delete(_root, recursive: true);
                return;
            }
            catch (IOException) when (attempt < 50)
            {
                await Task.Delay(100);
            }
        }
    }

    /// <summary>A shell command that stops this server at once and removes its folder, for a watchdog that outlives the tests.</summary>
    public string CleanupCommand =>
        $"{(Environment.UserName == "root" ? "runuser -u postgres -- " : "")}'{Path.Combine(_bin, "pg_ctl")}' -D '{DataDir}' -w -m immediate stop; rm -rf '{_root}'";

    private Task AsOwnerAsync(string tool, params string[] args) =>
        Environment.UserName == "root"
            ? Shell.RunAsync("runuser", ["-u", "postgres", "--", Path.Combine(_bin, tool), .. args])
            : Shell.RunAsync(Path.Combine(_bin, tool), args);

    private static string FindBin()
    {
        var versions = Directory.Exists("/usr/lib/postgresql") ? Directory.GetDirectories("/usr/lib/postgresql") : [];
        var bin = versions.Select(v => Path.Combine(v, "bin")).Where(b => File.Exists(Path.Combine(b, "initdb")))
            .OrderByDescending(b => int.TryParse(Path.GetFileName(Path.GetDirectoryName(b)), out var v) ? v : 0).FirstOrDefault();
        return bin ?? throw new InvalidOperationException(
            "PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb): run `bash scripts/test.sh`, which installs it.");
    }
}

/// <summary>Free loopback ports and child processes for the server fixtures.</summary>
public static class FreePort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

public static class Shell
{
    /// <summary>Runs a tool to completion; a non-zero exit throws with its output.</summary>
    public static async Task RunAsync(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(120));
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited with {process.ExitCode}:\n{await output}\n{await error}");
        }
    }
}
