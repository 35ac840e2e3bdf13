using System.Diagnostics;

namespace Scoreboard.IntegrationTests.Infrastructure;

/// <summary>The built server run as an operator runs it, for start-ups expected to stop on their own: exit code and output.</summary>
public static class ServerRun
{
    public static async Task<(int Exit, string Output)> UntilExitAsync(IReadOnlyDictionary<string, string?> environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(RepositoryPaths.ServerOutput, "Scoreboard.dll"), .. args])
        {
            WorkingDirectory = RepositoryPaths.ServerOutput,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        try
        {
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"The server kept running:\n{await output}");
        }

        return (process.ExitCode, await output + await error);
    }
}
