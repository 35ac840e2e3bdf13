using System.Diagnostics;
using System.Text.RegularExpressions;
using Scoreboard.IntegrationTests.Infrastructure;

namespace Scoreboard.IntegrationTests.FirstTenMinutes;

/// <summary>
/// The README's 002 polling snippet, as published, run under node against the real server: three polls, with the
/// page's <c>render</c> and the timer replaced by ones that report what happened.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed partial class PollingSnippetTests(ServerFixture fixture)
{
    private const string Harness = """
        const serverFetch = globalThis.fetch;
        globalThis.fetch = (url, init) => {
          const { pathname, search } = new URL(url);
          console.log("fetch " + pathname + search);
          return serverFetch(process.env.SCOREBOARD + pathname + search, init);
        };
        const render = (rows) => console.log("render " + rows.length);
        console.warn = (...args) => console.log("warn " + args.join(" "));
        globalThis.setInterval = (poll) => { (async () => { for (let i = 0; i < 3; i++) await poll(); console.log("done"); })(); };

        """;

    [Fact]
    public async Task The_README_polling_snippet_asks_for_the_whole_board_first_and_then_only_for_changes()
    {
        var lines = await RunSnippetAsync(fixture.Server);

        Assert.Equal("fetch /api/v1/scores/leaderboard/changes", lines[0]);
        Assert.StartsWith("render ", lines[1], StringComparison.Ordinal);
        Assert.Matches(@"^fetch /api/v1/scores/leaderboard/changes\?since=\d{4}-\d\d-\d\dT", lines[2]);
        Assert.DoesNotContain(lines, l => l.StartsWith("warn", StringComparison.Ordinal));
        Assert.Equal("done", lines[^1]);
    }

    [Fact]
    public async Task The_README_polling_snippet_keeps_polling_after_an_error_reply()
    {
        // Reads behind a token: every poll of an anonymous client is refused (401, in 002's error shape).
        await using var server = await ScoreboardServer.StartAsync(
            environment: new Dictionary<string, string?> { ["Scoreboard__UserTokens__RequireForReads"] = "true" });

        var lines = await RunSnippetAsync(server);

        Assert.Equal(3, lines.Count(l => l.StartsWith("warn UNAUTHORIZED", StringComparison.Ordinal)));
        Assert.Equal("done", lines[^1]);
    }

    private static async Task<string[]> RunSnippetAsync(ScoreboardServer server)
    {
        var readme = await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.Root, "README.md"));
        var snippet = PollingSnippet().Match(readme);
        Assert.True(snippet.Success, "README.md has the 002 polling snippet, from 'let since' to '}, 5000);'");

        var start = new ProcessStartInfo("node", ["-e", Harness + snippet.Value])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["SCOREBOARD"] = server.BaseAddress.ToString().TrimEnd('/');
        using var node = Process.Start(start)!;
        var output = node.StandardOutput.ReadToEndAsync();
        var error = node.StandardError.ReadToEndAsync();
        await node.WaitForExitAsync().WaitAsync(Timeouts.Message);
        Assert.True(node.ExitCode == 0, $"node exited with {node.ExitCode}:\n{await output}{await error}");
        return (await output).Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    [GeneratedRegex(@"^let since = .*?^\}, 5000\);$", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex PollingSnippet();
}
