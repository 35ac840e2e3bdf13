using Microsoft.Extensions.Options;
using Scoreboard;
using Scoreboard.Cli;
using Scoreboard.Storage.Sqlite;

try
{
    return await ScoreboardCommandLine.RunAsync(args);
}
catch (Exception ex) when (ex is ScoreboardConfigurationException or OptionsValidationException)
{
    // One line that names the setting, instead of a stack trace.
    var message = ex is OptionsValidationException invalid ? string.Join(" ", invalid.Failures) : ex.Message;
    Console.Error.WriteLine($"scoreboard: configuration error: {message}");
    return ExitCodes.Refused;
}
catch (Exception ex) when (ex is CommandRefusedException or DataFolderInUseException)
{
    Console.Error.WriteLine($"scoreboard: {ex.Message}");
    return ExitCodes.Refused;
}

/// <summary>The entry point, visible to the tests and the load generator.</summary>
public partial class Program;
