namespace Scoreboard.Bench;

/// <summary>Replaces the generated section of docs/BENCHMARKS.md, leaving the hand-written rest as it is.</summary>
internal static class BenchmarksDoc
{
    private const string Begin = "<!-- bench all: begin (written by `Scoreboard.Bench all`; edits inside are overwritten) -->";
    private const string End = "<!-- bench all: end -->";

    public static void WriteSection(string path, string section)
    {
        var text = File.Exists(path) ? File.ReadAllText(path) : "# Benchmarks\n";
        var block = $"{Begin}\n{section.TrimEnd()}\n{End}";
        var (start, end) = (text.IndexOf(Begin, StringComparison.Ordinal), text.IndexOf(End, StringComparison.Ordinal));
        text = start >= 0 && end > start
            ? text[..start] + block + text[(end + End.Length)..]
            : text.TrimEnd() + $"\n\n## The speed targets (`all`)\n\n{block}\n";
        File.WriteAllText(path, text);
    }
}
