using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Scoreboard.Bench;

/// <summary>The built server in its own process on a loopback port, with a fresh data folder, for benches that measure it.</summary>
internal sealed partial class BenchServer : IAsyncDisposable
{
    private const int MaxDistinctFailures = 20;
    private readonly Process _process;
    private readonly DirectoryInfo _dataDir;
    private readonly Dictionary<string, int> _failures = new(StringComparer.Ordinal);
    private string? _failing;
    private string? _failingMessage;
    private string? _failingException;

    private BenchServer(Process process, DirectoryInfo dataDir, Uri address) => (_process, _dataDir, Address) = (process, dataDir, address);

    public Uri Address { get; }

    /// <param name="settings">More environment for the server (e.g. <c>Scoreboard__Live__MaxConnections</c>, connection strings).</param>
    public static async Task<BenchServer> StartAsync(string key, int windowMs, params (string Name, string Value)[] settings)
    {
        var dataDir = Directory.CreateTempSubdirectory("scoreboard-bench-");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = AppContext.BaseDirectory };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "Scoreboard.dll"), "--urls", "http://127.0.0.1:0" })
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["SCOREBOARD_DATA_DIR"] = dataDir.FullName;
        start.Environment["SCOREBOARD_API_KEY"] = key;
        start.Environment["Scoreboard__Live__WindowMs"] = windowMs.ToString(CultureInfo.InvariantCulture);
        // Every bench client comes from 127.0.0.1; the default share (10% of the cap per address) would refuse most.
        start.Environment["Scoreboard__Live__AddressSharePercent"] = "100";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information";
        foreach (var (name, value) in settings)
        {
            start.Environment[name] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        BenchServer? server = null;
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is { } line && Listening().Match(line) is { Success: true } match)
            {
                listening.TrySetResult(new Uri(match.Groups[1].Value));
            }

            server?.Note(e.Data);
        };
        process.ErrorDataReceived += (_, e) => server?.Note(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        server = new BenchServer(process, dataDir, await listening.Task.WaitAsync(TimeSpan.FromSeconds(60)));
        return server;
    }

    /// <summary>Errors the server logged (<c>fail</c>/<c>crit</c>: category and first message line), with how often; at most 20 kinds.</summary>
    public IReadOnlyList<(string Error, int Count)> Failures()
    {
        lock (_failures)
        {
            Count();
            return [.. _failures.OrderByDescending(f => f.Value).Select(f => (f.Key, f.Value))];
        }
    }

    public int ProcessId => _process.Id;

    // The console logger writes "fail: Category[id]", then the message, then the exception's first line if there is one,
    // each indented: a failure is counted by its category and exception (messages carry connection ids), else its message.
    private void Note(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_failures)
        {
            if (line.StartsWith("fail: ", StringComparison.Ordinal) || line.StartsWith("crit: ", StringComparison.Ordinal))
            {
                Count();
                (_failing, _failingMessage, _failingException) = (line, null, null);
            }
            else if (_failing is not null && _failingMessage is null)
            {
                _failingMessage = line.Trim();
            }
            else if (_failing is not null && _failingException is null)
            {
                if (line.Trim() is var exception && exception.Contains("Exception", StringComparison.Ordinal))
                {
                    _failingException = exception;
                }
                else
                {
                    Count();
                }
            }
            else if (_failing is not null && line.TrimStart().StartsWith("at ", StringComparison.Ordinal))
            {
                // The first frame of the project's own code says where it was thrown from.
                if (line.Contains(" Scoreboard.", StringComparison.Ordinal))
                {
                    Count($"{_failingException} {line.Trim()}");
                }
            }
            else
            {
                Count(_failingException);
            }
        }
    }

    private void Count(string? exception = null)
    {
        if (_failing is not { } category)
        {
            return;
        }

        var kind = $"{category}: {exception ?? _failingException ?? _failingMessage}";
        (_failing, _failingMessage, _failingException) = (null, null, null);
        if (_failures.ContainsKey(kind) || _failures.Count < MaxDistinctFailures)
        {
            _failures[kind] = _failures.GetValueOrDefault(kind) + 1;
        }
    }

    /// <summary>The server's resident set size (VmRSS), in bytes.</summary>
    public long ResidentBytes()
    {
        var line = File.ReadLines($"/proc/{_process.Id}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
    }

    public async ValueTask DisposeAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
        _dataDir.Delete(recursive: true);
    }

    [GeneratedRegex(@"Now listening on: (http://127\.0\.0\.1:\d+)")]
    private static partial Regex Listening();
}
