using Microsoft.Extensions.Options;
using Scoreboard;
using Scoreboard.Storage;

try
{
    var builder = WebApplication.CreateBuilder(args);
    builder.AddScoreboard();
    var app = builder.Build();
    if (await app.RunCommandAsync(args) is { } exitCode)
    {
        return exitCode;
    }

    app.MapScoreboard();
    await app.RunAsync();
    return 0;
}
catch (Exception ex) when (ex is ScoreboardConfigurationException or OptionsValidationException)
{
    // One line that names the setting, instead of a stack trace.
    var message = ex is OptionsValidationException invalid ? string.Join(" ", invalid.Failures) : ex.Message;
    Console.Error.WriteLine($"scoreboard: configuration error: {message}");
    return 2;
}

/// <summary>The entry point, visible to the tests and the load generator.</summary>
public partial class Program;
