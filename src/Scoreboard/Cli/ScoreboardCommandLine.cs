using System.CommandLine;

namespace Scoreboard.Cli;

/// <summary>
/// The verbs. Settings on the command line (<c>--urls</c>, <c>--Scoreboard:…=…</c>) go to configuration for every
/// verb; anything else the parser does not know prints help and exits 2, instead of starting a server.
/// </summary>
public static class ScoreboardCommandLine
{
    private const string Description = """
        A live top-10 scoreboard service. With no verb, serves.

        Settings come from appsettings.json, environment variables and the command line, for every verb:
          --urls URL                                  where to listen (or PORT)
          --Section:Key=value, --Section__Key=value   any setting, e.g. --Scoreboard:Storage:DataDir=/srv/board
        Exit codes: 0 done, 1 failed, 2 refused (usage, settings, data folder or port in use). See docs/cli.md.
        """;

    public static async Task<int> RunAsync(string[] args)
    {
        var (settings, verbs) = SettingArguments.Split(args);
        var host = new CommandHost(settings);
        var root = new RootCommand(Description)
        {
            ServeCommand.Create(host),
            StoreCommands.Migrate(host),
            StoreCommands.Reconcile(host),
            KeyCommands.Create(host),
            TokenCommands.Create(host),
            BackupCommands.Backup(host),
            BackupCommands.Restore(host),
            Privacy.UserCommands.Create(host),
        };
        root.SetAction((_, _) => ServeCommand.RunAsync(host));

        // No @response files (a setting's value may start with @); the host, not the parser, handles Ctrl-C and SIGTERM.
        var parse = root.Parse(verbs, new ParserConfiguration { ResponseFileTokenReplacer = null });
        var exit = await parse.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null });
        return parse.Errors.Count > 0 ? ExitCodes.Refused : exit;
    }
}
