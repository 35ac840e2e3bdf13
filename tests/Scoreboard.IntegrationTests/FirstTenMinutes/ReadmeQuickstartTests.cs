using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Scoreboard.IntegrationTests.Infrastructure;

namespace Scoreboard.IntegrationTests.FirstTenMinutes;

/// <summary>
/// The README, followed as a newcomer follows it: every block marked runnable is run with bash, top to bottom, against
/// a server started as its first block says, on a fresh data folder; each block's output must be what the README shows.
/// </summary>
[Trait("Backend", "embedded")] // The quickstart is the embedded demo: distributed mode needs JWT_SECRET, which turns demo tokens off.
public sealed partial class ReadmeQuickstartTests
{
    [Fact]
    public async Task The_README_runs_top_to_bottom_on_a_fresh_data_folder_and_every_step_shows_what_it_says()
    {
        var snippets = ReadmeSnippets.Parse(await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.Root, "README.md")));
        Assert.Equal(SnippetKind.Server, snippets[0].Kind);
        Assert.EndsWith("dotnet run --project src/Scoreboard", snippets[0].Code, StringComparison.Ordinal);
        Assert.Contains(snippets, s => s.Kind == SnippetKind.OtherTerminal);
        Assert.True(snippets.Count(s => s.Output is not null) >= 8, "the quickstart shows the output of each step");

        // The clone's layout: dotnet run starts the server in src/Scoreboard, so its data folder is src/Scoreboard/data.
        var clone = Directory.CreateTempSubdirectory("scoreboard-readme-").FullName;
        try
        {
            await using var server = await ScoreboardServer.StartAsync(
                Path.Combine(clone, "src", "Scoreboard", "data"), ServerEnvironment(snippets[0].Code));
            var mismatches = new List<string>();
            try
            {
                await Waiting.UntilAsync(() => InOrder(Lines(snippets[0].Output!), Lines(server.Output)), Timeouts.Message, "the start-up lines");
            }
            catch (TimeoutException)
            {
                mismatches.Add(Mismatch(snippets[0], server.Output));
            }

            var steps = snippets.Skip(1).ToList();
            var outputs = await ShellSession.RunAsync(steps, clone,
                new Dictionary<string, string> { ["SCOREBOARD"] = server.BaseAddress.ToString().TrimEnd('/') }, TimeSpan.FromMinutes(2));
            foreach (var step in steps)
            {
                var actual = outputs.GetValueOrDefault(step, "(no output: the step did not run)");
                if (Normalise(step.Output ?? "") != Normalise(actual))
                {
                    mismatches.Add(Mismatch(step, actual));
                }
            }

            Assert.True(mismatches.Count == 0, string.Join("\n\n", mismatches));
        }
        finally
        {
            Directory.Delete(clone, recursive: true);
        }
    }

    /// <summary>What the run command sets, plus the launch profile dotnet run applies, and logs as a terminal shows them.</summary>
    private static Dictionary<string, string?> ServerEnvironment(string command)
    {
        var environment = new Dictionary<string, string?> { ["Logging__Console__FormatterOptions__SingleLine"] = "false" };
        var profile = JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "src", "Scoreboard", "Properties", "launchSettings.json")))!;
        foreach (var (name, value) in profile["profiles"]!["demo"]!["environmentVariables"]!.AsObject())
        {
            environment[name] = (string?)value;
        }

        foreach (Match setting in Setting().Matches(command))
        {
            environment[setting.Groups[1].Value] = setting.Groups[2].Value;
        }

        return environment;
    }

    /// <summary>Run-dependent values become marked placeholders, on both sides: ids, tokens, times, addresses, paths.</summary>
    public static string Normalise(string text)
    {
        text = Jwt().Replace(text, "<token>");
        text = GuestId().Replace(text, "<guest id>");
        text = IsoTime().Replace(text, "<time>");
        text = ActionId().Replace(text, "<action id>");
        text = Address().Replace(text, "http://<address>");
        text = DataFolder().Replace(text, "<clone>/src/Scoreboard/data/");
        return string.Join('\n', Lines(text));
    }

    private static List<string> Lines(string text) =>
        text.ReplaceLineEndings("\n").Split('\n').Select(l => l.TrimEnd()).Reverse().SkipWhile(l => l.Length == 0).Reverse().ToList();

    /// <summary>True when every expected line appears in the actual lines, in order (others may come between).</summary>
    private static bool InOrder(List<string> expected, List<string> actual)
    {
        var at = 0;
        foreach (var line in expected.Select(Normalise))
        {
            while (at < actual.Count && Normalise(actual[at]) != line)
            {
                at++;
            }

            if (at++ >= actual.Count)
            {
                return false;
            }
        }

        return true;
    }

    private static string Mismatch(Snippet step, string actual) =>
        $"README line {step.Line}:\n{step.Code}\n--- README shows:\n{Normalise(step.Output ?? "")}\n--- it printed:\n{Normalise(actual)}";

    [GeneratedRegex(@"(?<=^|\s)([A-Z][A-Z0-9_]*)=(\S+)")]
    private static partial Regex Setting();

    [GeneratedRegex(@"eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+")]
    private static partial Regex Jwt();

    [GeneratedRegex(@"guest-[0-9a-f]{12}")]
    private static partial Regex GuestId();

    [GeneratedRegex(@"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z")]
    private static partial Regex IsoTime();

    [GeneratedRegex(@"\b[0-9a-f]{16}\b")]
    private static partial Regex ActionId();

    [GeneratedRegex(@"http://(\[::\]|[a-z0-9.]+):\d+")]
    private static partial Regex Address();

    [GeneratedRegex(@"\S*/src/Scoreboard/data/")]
    private static partial Regex DataFolder();
}
