using System.Diagnostics;
using Scoreboard.IntegrationTests.Infrastructure;

namespace Scoreboard.IntegrationTests.Cli;

/// <summary>What one run of the built binary printed and how it ended.</summary>
public sealed record CliResult(int Exit, string Output, string Error)
{
    public string[] ErrorLines => Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public string[] OutputLines => Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public override string ToString() => $"exit {Exit}\nstdout:\n{Output}\nstderr:\n{Error}";
}

/// <summary>
/// Runs <c>dotnet Scoreboard.dll &lt;verb&gt; …</c> as an operator would, on a data folder; in the suite's distributed
/// pass with the PostgreSQL database and Redis prefix a server started on that folder uses.
/// </summary>
public static class Cli
{
    public static async Task<CliResult> RunAsync(string dataDir, IReadOnlyDictionary<string, string?>? environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = RepositoryPaths.ServerOutput,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(RepositoryPaths.ServerOutput, "Scoreboard.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["SCOREBOARD_DATA_DIR"] = dataDir;
        start.Environment["SCOREBOARD_API_KEY"] = ScoreboardServer.ApiKey;
        var merged = new Dictionary<string, string?>();
        if (DistributedBackend.IsSelected && environment?.ContainsKey("ConnectionStrings__Postgres") != true)
        {
            merged = DistributedBackend.WithSharedSecrets(await DistributedBackend.EnvironmentAsync(dataDir));
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            merged[name] = value;
        }

        foreach (var (name, value) in merged)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        try
        {
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(90));
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return new CliResult(process.ExitCode, await output, await error);
    }

    public static Task<CliResult> RunAsync(string dataDir, params string[] args) => RunAsync(dataDir, null, args);

    /// <summary>A fresh data folder, removed when disposed.</summary>
    public static TempFolder NewFolder() => new(Directory.CreateTempSubdirectory("scoreboard-cli-").FullName);
}

public sealed class TempFolder(string path) : IDisposable
{
    public string Path { get; } = path;

    public void Dispose()
    {
        if (Directory.Exists(Path))
        {
            Directory.Delete(Path, recursive: true);
        }
    }
}
