using System.Diagnostics;

namespace Scoreboard.Bench;

/// <summary>The outside programs the benches drive (wrk, redis-benchmark, pgbench…): found on PATH or installed, never skipped.</summary>
internal static class Tools
{
    /// <summary>Debian package that brings each tool.</summary>
    private static readonly Dictionary<string, string> Packages = new()
    {
        ["wrk"] = "wrk",
        ["redis-benchmark"] = "redis-tools",
        ["redis-server"] = "redis-server",
        ["pgbench"] = "postgresql-contrib",
        ["initdb"] = "postgresql",
    };

    /// <summary>
    /// Makes sure every tool is there: as root a missing one is installed with apt-get (what a fresh Debian machine
    /// needs), otherwise the run stops with the line to type. A bench that ran without its baseline would mislead.
    /// </summary>
    public static async Task RequireAsync(params string[] tools)
    {
        var missing = tools.Where(t => Find(t) is null).Select(t => Packages[t]).Distinct().ToArray();
        if (missing.Length == 0)
        {
            return;
        }

        if (Environment.UserName != "root")
        {
            throw new BenchException($"missing {string.Join(", ", tools.Where(t => Find(t) is null))}: run `sudo apt-get install -y {string.Join(' ', missing)}` and start again.");
        }

        Progress.Say($"installing {string.Join(' ', missing)} with apt-get");
        await RunAsync("apt-get", [], ["install", "-y", "-qq", .. missing]);
        if (tools.FirstOrDefault(t => Find(t) is null) is { } still)
        {
            throw new BenchException($"{still} is still missing after `apt-get install {string.Join(' ', missing)}`.");
        }
    }

    /// <summary>The tool's path: on PATH, or PostgreSQL's own bin folder for its server programs.</summary>
    public static string? Find(string tool)
    {
        var folders = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':')
            .Concat(Directory.Exists("/usr/lib/postgresql") ? Directory.GetDirectories("/usr/lib/postgresql").OrderDescending().Select(v => Path.Combine(v, "bin")) : []);
        return folders.Select(f => Path.Combine(f, tool)).FirstOrDefault(File.Exists);
    }

    /// <summary>Runs a tool to completion and returns its standard output; a non-zero exit stops the bench with its error output.</summary>
    public static async Task<string> RunAsync(string tool, Dictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo(Find(tool) ?? tool) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start) ?? throw new BenchException($"{tool} did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return process.ExitCode == 0 ? await output : throw new BenchException($"{tool} {string.Join(' ', args)} failed ({process.ExitCode}): {await error}{await output}");
    }

    /// <summary>Runs a tool as the unprivileged <c>postgres</c> user when this process is root (initdb and postgres refuse root).</summary>
    public static Task<string> RunAsOwnerAsync(string tool, params string[] args) => Environment.UserName == "root"
        ? RunAsync("runuser", [], ["-u", "postgres", "--", Find(tool) ?? tool, .. args])
        : RunAsync(tool, [], args);
}

/// <summary>A bench that cannot run as asked; its message is the one line printed.</summary>
internal sealed class BenchException(string message) : Exception(message);

/// <summary>Progress lines on standard error, so the results on standard output stay clean.</summary>
internal static class Progress
{
    private static readonly Stopwatch Clock = Stopwatch.StartNew();

    public static void Say(string line) => Console.Error.WriteLine($"[{Clock.Elapsed:mm\\:ss}] {line}");
}
