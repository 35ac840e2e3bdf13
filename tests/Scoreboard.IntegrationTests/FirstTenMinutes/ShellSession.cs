using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace Scoreboard.IntegrationTests.FirstTenMinutes;

/// <summary>
/// Runs snippets as a reader would: one bash session, in order, so variables carry from step to step; a snippet for
/// another terminal runs beside the next step and is read once it ended. Returns each snippet's output.
/// </summary>
public static partial class ShellSession
{
    public static async Task<Dictionary<Snippet, string>> RunAsync(IReadOnlyList<Snippet> snippets, string workingDirectory,
        IReadOnlyDictionary<string, string> environment, TimeSpan deadline)
    {
        var script = new StringBuilder("exec 2>&1\nreadme_other=$(mktemp -d)\n");
        int? waiting = null;
        for (var i = 0; i < snippets.Count; i++)
        {
            var snippet = snippets[i];
            if (snippet.Kind == SnippetKind.OtherTerminal)
            {
                // It runs in a terminal of its own; the next step starts once it printed its first line. A reader takes
                // more than a second to get there, by which time the feed has pushed the previous step's credit.
                script.Append($"sleep 1\n( {snippet.Code}\n) > \"$readme_other/{i}\" 2>&1 &\nreadme_pid_{i}=$!\n")
                    .Append($"for _ in $(seq 200); do [ -s \"$readme_other/{i}\" ] && break; sleep 0.1; done\n");
                waiting = i;
                continue;
            }

            script.Append($"echo '{Marker(i)}'\n{snippet.Code}\n");
            if (waiting is { } other)
            {
                script.Append($"wait $readme_pid_{other}\necho '{Marker(other)}'\ncat \"$readme_other/{other}\"\n");
                waiting = null;
            }
        }

        script.Append("rm -rf \"$readme_other\"\n");
        var output = await RunBashAsync(script.ToString(), workingDirectory, environment, deadline);

        var outputs = new Dictionary<Snippet, string>();
        foreach (var part in MarkerLine().Split(output).Skip(1).Chunk(2))
        {
            outputs[snippets[int.Parse(part[0], System.Globalization.CultureInfo.InvariantCulture)]] = part.Length > 1 ? part[1] : "";
        }

        return outputs;
    }

    private static string Marker(int index) => $"@@readme-step {index}@@";

    private static async Task<string> RunBashAsync(string script, string workingDirectory, IReadOnlyDictionary<string, string> environment, TimeSpan deadline)
    {
        var start = new ProcessStartInfo("bash")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var bash = Process.Start(start)!;
        var stdout = bash.StandardOutput.ReadToEndAsync();
        var stderr = bash.StandardError.ReadToEndAsync();
        await bash.StandardInput.WriteAsync(script);
        bash.StandardInput.Close();
        try
        {
            await bash.WaitForExitAsync().WaitAsync(deadline);
        }
        catch (TimeoutException)
        {
            bash.Kill(entireProcessTree: true);
            throw new TimeoutException($"The README's snippets still ran after {deadline.TotalSeconds} s. So far:\n{await stdout}{await stderr}");
        }

        return await stdout + await stderr;
    }

    [GeneratedRegex(@"^@@readme-step (\d+)@@\n", RegexOptions.Multiline)]
    private static partial Regex MarkerLine();
}
