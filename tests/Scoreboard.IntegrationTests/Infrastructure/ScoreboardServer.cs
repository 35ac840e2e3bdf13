using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace Scoreboard.IntegrationTests.Infrastructure;

/// <summary>
/// The real server, as a user runs it: <c>dotnet Scoreboard.dll</c> in its own process on a free loopback
/// port, with its own data folder. Kill() is kill -9, for crash tests.
/// </summary>
public sealed partial class ScoreboardServer : IAsyncDisposable
{
    public const string ApiKey = "integration-test-key-0123456789";

    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly bool _ownsDataDir;

    private ScoreboardServer(Process process, string dataDir, bool ownsDataDir)
    {
        _process = process;
        DataDir = dataDir;
        _ownsDataDir = ownsDataDir;
    }

    public Uri BaseAddress { get; private set; } = null!;

    public HttpClient Client { get; private set; } = null!;

    public string DataDir { get; }

    /// <summary>The server process's id, for reading its resident memory from /proc.</summary>
    public int ProcessId => _process.Id;

    public string DatabasePath => Path.Combine(DataDir, "scoreboard.db");

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Starts a server; with no <paramref name="dataDir"/>, in a fresh temporary folder that is removed on dispose.</summary>
    public static async Task<ScoreboardServer> StartAsync(string? dataDir = null, IReadOnlyDictionary<string, string?>? environment = null, params string[] args)
    {
        var ownsDataDir = dataDir is null;
        dataDir ??= Directory.CreateTempSubdirectory("scoreboard-test-").FullName;
        var dll = Path.Combine(RepositoryPaths.ServerOutput, "Scoreboard.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = RepositoryPaths.ServerOutput,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add("http://127.0.0.1:0");
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["SCOREBOARD_DATA_DIR"] = dataDir;
        start.Environment["SCOREBOARD_API_KEY"] = ApiKey;
        start.Environment["Logging__Console__FormatterName"] = "simple";
        start.Environment["Logging__Console__FormatterOptions__SingleLine"] = "true";
        if (DistributedBackend.IsSelected && environment?.ContainsKey("ConnectionStrings__Postgres") != true)
        {
            // The distributed pass of the suite: the same test, on PostgreSQL + Redis named after this data folder.
            var merged = await DistributedBackend.EnvironmentAsync(dataDir);
            foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
            {
                merged[name] = value;
            }

            environment = merged;
        }

        if (environment?.ContainsKey("ConnectionStrings__Postgres") == true)
        {
            environment = DistributedBackend.WithSharedSecrets(environment);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            start.Environment[name] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        var server = new ScoreboardServer(process, dataDir, ownsDataDir);
        var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnLine(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (server._output)
            {
                server._output.AppendLine(line);
            }

            if (ListeningLine().Match(line) is { Success: true } match)
            {
                listening.TrySetResult(new Uri(match.Groups[1].Value));
            }
        }

        process.OutputDataReceived += (_, e) => OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => OnLine(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        process.EnableRaisingEvents = true;
        process.Exited += (_, _) =>
        {
            // Exited can come before the last output lines were read: waiting without a timeout drains them first.
            process.WaitForExit();
            listening.TrySetException(new InvalidOperationException($"The server exited with {process.ExitCode}:\n{server.Output}"));
        };

        try
        {
            server.BaseAddress = await listening.Task.WaitAsync(TimeSpan.FromSeconds(60));
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        server.Client = server.CreateClient();
        return server;
    }

    /// <summary>A new client for this server, without the service key.</summary>
    public HttpClient CreateClient() => new() { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>A client that sends the bootstrap service key.</summary>
    public HttpClient CreateServiceClient()
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Add("X-API-KEY", ApiKey);
        return client;
    }

    /// <summary>kill -9: no shutdown hooks, no flushing.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public async Task StopAsync()
    {
        if (!_process.HasExited)
        {
            // SIGTERM, as Ctrl-C or a process manager would send.
            using var term = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            await term.WaitForExitAsync();
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        }
    }

    public async ValueTask DisposeAsync()
    {
        Client?.Dispose();
        if (!_process.HasExited)
        {
            Kill();
        }

        _process.Dispose();
        if (_ownsDataDir)
        {
            await Task.Run(() => Directory.Delete(DataDir, recursive: true));
        }
    }

    [GeneratedRegex(@"Now listening on: (https?://127\.0\.0\.1:\d+)")]
    private static partial Regex ListeningLine();
}

/// <summary>Where the built server lives, found from the test assembly's own location.</summary>
public static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>The server's build output for the configuration the tests were built in.</summary>
    public static string ServerOutput { get; } = Path.Combine(
        Root, "src", "Scoreboard", "bin", new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name, "net10.0");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Scoreboard.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Scoreboard.slnx not found above the test assembly.");
    }
}
