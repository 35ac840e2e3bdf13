using System.Globalization;
using Scoreboard.IntegrationTests.Infrastructure;

namespace Scoreboard.IntegrationTests.Live;

/// <summary>The start-up warning when the live connection cap is more than the process may open files.</summary>
public sealed class FileLimitWarningTests
{
    private const string Warning = "files (ulimit -n)";

    [Fact]
    public async Task Start_up_warns_when_MaxConnections_exceeds_the_open_file_limit()
    {
        // The server inherits this process's limit, and the .NET runtime treats it alike in both.
        var limit = OpenFileLimit();
        Assert.True(limit < 1_000_000, $"the open-file limit here ({limit}) is above the largest MaxConnections, so no setting can exceed it");
        await using var server = await ScoreboardServer.StartAsync(environment: new Dictionary<string, string?>
        {
            ["Scoreboard__Live__MaxConnections"] = (limit + 1).ToString(CultureInfo.InvariantCulture),
        });

        await Waiting.UntilAsync(() => server.Output.Contains(Warning, StringComparison.Ordinal), TimeSpan.FromSeconds(10), "the file-limit warning");
        Assert.Contains($"MaxConnections is {limit + 1}, but this process may open only {limit} {Warning}", server.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_up_is_quiet_when_MaxConnections_is_within_the_open_file_limit()
    {
        await using var server = await ScoreboardServer.StartAsync(environment: new Dictionary<string, string?>
        {
            ["Scoreboard__Live__MaxConnections"] = "100",
        });

        // A request after start-up, so any start-up line has been written before the output is read.
        using var health = await server.Client.GetAsync("/health");
        Assert.True(health.IsSuccessStatusCode);
        Assert.Contains("Now listening on", server.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(Warning, server.Output, StringComparison.Ordinal);
    }

    private static long OpenFileLimit()
    {
        var line = File.ReadLines("/proc/self/limits").First(l => l.StartsWith("Max open files", StringComparison.Ordinal));
        return long.Parse(line["Max open files".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries)[0], CultureInfo.InvariantCulture);
    }
}
