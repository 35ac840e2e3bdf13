using System.CommandLine;
using System.Text.Json;
using Scoreboard.Cli;
using Scoreboard.Scoring;
using Scoreboard.Storage;

namespace Scoreboard.Privacy;

/// <summary>
/// <c>users export ID</c>: the admin API's export as JSON on stdout, read straight from the store (beside a running
/// server too). The global rank is left out: it lives in the running server's index.
/// </summary>
public static class UserCommands
{
    public static Command Create(CommandHost host)
    {
        var id = new Argument<string>("id") { Description = "The user id." };
        var export = new Command("export", "Print everything held about a user as JSON: display name, standings, ledger events, flags, tickets, metadata.") { id };
        export.SetAction((parse, ct) => ExportAsync(host, parse.GetRequiredValue(id), ct));
        return new Command("users", "Data-subject requests (erasure is DELETE /api/v1/admin/users/{id} on a running server).") { export };
    }

    private static async Task<int> ExportAsync(CommandHost host, string userId, CancellationToken cancellationToken)
    {
        if (!Ids.IsValidUserId(userId))
        {
            throw new CommandRefusedException(Replies.Requests.UserIdMessage);
        }

        await using var app = host.Build();
        if (app.IsEmbedded() && !File.Exists(app.DatabasePath()))
        {
            throw new CommandRefusedException($"there is no store at {app.DatabasePath()}; point SCOREBOARD_DATA_DIR at the server's data folder.");
        }

        await app.Services.GetRequiredService<IScoreStore>().MigrateAsync(cancellationToken);
        var export = await app.Services.GetRequiredService<PrivacyStore>().ReadAsync(userId, app.Services.GetRequiredService<TimeProvider>().GetUtcNow(), cancellationToken);
        if (export is null)
        {
            Console.Error.WriteLine($"scoreboard: nothing is held about user {userId}.");
            return ExitCodes.Failed;
        }

        Console.WriteLine(JsonSerializer.Serialize(export, PrivacyJson.Default.UserExport));
        return ExitCodes.Done;
    }
}
