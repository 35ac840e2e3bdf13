using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using Scoreboard.Storage;
using Scoreboard.Storage.Sqlite;

namespace Scoreboard.Cli;

/// <summary>Builds the application from the settings on the command line, so every verb sees what the server would.</summary>
public sealed class CommandHost(string[] settings)
{
    public WebApplication Build(bool serving = false)
    {
        var builder = WebApplication.CreateBuilder(settings);
        builder.AddScoreboard();
        if (!serving)
        {
            // A verb's result (a new key, a token) goes to stdout for scripts to capture; its logs and progress to stderr.
            builder.Services.Configure<ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        }

        return builder.Build();
    }
}

/// <summary>What a verb needs to know about the store it was pointed at.</summary>
public static class StoreMode
{
    public static bool IsEmbedded(this WebApplication app) => app.Services.GetRequiredService<IScoreStore>() is SqliteScoreStore;

    public static string DataDir(this WebApplication app) =>
        Path.GetFullPath(app.Services.GetRequiredService<IOptions<StorageOptions>>().Value.DataDir);

    public static string DatabasePath(this WebApplication app) => app.Services.GetRequiredService<IOptions<StorageOptions>>().Value.DatabasePath;
}
