using System.Text.RegularExpressions;

namespace Scoreboard.IntegrationTests.FirstTenMinutes;

/// <summary>How the README marks a shell block for its test.</summary>
public enum SnippetKind
{
    /// <summary><c>&lt;!-- runnable --&gt;</c>: run in the reader's shell, in order; its output is compared.</summary>
    Run,

    /// <summary><c>&lt;!-- runnable: server --&gt;</c>: starts the server; the test starts the built server the same way.</summary>
    Server,

    /// <summary><c>&lt;!-- runnable: other terminal --&gt;</c>: runs beside the next step and ends by itself; compared after it.</summary>
    OtherTerminal,
}

/// <summary>A runnable shell block of the README, and the <c>text</c> block right after it: the output it shows.</summary>
public sealed record Snippet(int Line, SnippetKind Kind, string Code, string? Output);

/// <summary>Reads the runnable blocks out of a Markdown file, in order.</summary>
public static partial class ReadmeSnippets
{
    public static List<Snippet> Parse(string markdown)
    {
        var lines = markdown.ReplaceLineEndings("\n").Split('\n');
        var snippets = new List<Snippet>();
        for (var i = 0; i < lines.Length; i++)
        {
            if (Marker().Match(lines[i]) is not { Success: true } marker)
            {
                continue;
            }

            var kind = marker.Groups[1].Value switch
            {
                "" => SnippetKind.Run,
                ": server" => SnippetKind.Server,
                ": other terminal" => SnippetKind.OtherTerminal,
                var other => throw new InvalidOperationException($"README line {i + 1}: unknown marker '{other}'."),
            };
            if (i + 1 >= lines.Length || lines[i + 1] != "```sh")
            {
                throw new InvalidOperationException($"README line {i + 1}: a runnable marker must be followed by a ```sh block.");
            }

            var code = Block(lines, i + 1, out var end);
            var next = end + 1;
            while (next < lines.Length && lines[next].Length == 0)
            {
                next++;
            }

            var output = next < lines.Length && lines[next] == "```text" ? Block(lines, next, out end) : null;
            snippets.Add(new Snippet(i + 2, kind, code, output));
            i = end;
        }

        return snippets;
    }

    /// <summary>The lines between the fence at <paramref name="start"/> and its closing fence.</summary>
    private static string Block(string[] lines, int start, out int end)
    {
        end = start + 1;
        while (end < lines.Length && lines[end] != "```")
        {
            end++;
        }

        if (end == lines.Length)
        {
            throw new InvalidOperationException($"README line {start + 1}: the block is never closed.");
        }

        return string.Join('\n', lines[(start + 1)..end]);
    }

    [GeneratedRegex(@"^<!-- runnable(: [a-z ]+)? -->$")]
    private static partial Regex Marker();
}
