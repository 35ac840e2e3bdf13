namespace Scoreboard.Cli;

/// <summary>
/// ASP.NET Core reads settings from the command line (<c>--urls …</c>, <c>--Scoreboard:Storage:DataDir=…</c>). Those go
/// to configuration, for every verb; the rest goes to the verb parser, which refuses anything it does not know. A setting
/// is told apart by its name: a configuration path (<c>:</c> or <c>__</c> in it) or one of the host's own keys.
/// </summary>
public static class SettingArguments
{
    private static readonly string[] HostKeys = ["urls", "environment", "contentRoot", "applicationName", "http_ports", "https_ports"];

    public static (string[] Settings, string[] Verbs) Split(IReadOnlyList<string> args)
    {
        var settings = new List<string>();
        var verbs = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal) || Name(arg) is not { } name)
            {
                verbs.Add(arg);
            }
            else if (arg.Contains('=', StringComparison.Ordinal))
            {
                settings.Add($"--{name}={arg[(arg.IndexOf('=', StringComparison.Ordinal) + 1)..]}");
            }
            else if (i + 1 < args.Count)
            {
                settings.Add($"--{name}={args[++i]}");
            }
            else
            {
                // A setting with no value: the parser names it as an error.
                verbs.Add(arg);
            }
        }

        return ([.. settings], [.. verbs]);
    }

    private static string? Name(string arg)
    {
        var name = arg[2..].Split('=', 2)[0];
        if (name.Contains(':', StringComparison.Ordinal) || name.Contains("__", StringComparison.Ordinal))
        {
            // Environment variables spell a section with "__"; the command line does too, here.
            return name.Replace("__", ":", StringComparison.Ordinal);
        }

        return HostKeys.Contains(name, StringComparer.OrdinalIgnoreCase) ? name : null;
    }
}
