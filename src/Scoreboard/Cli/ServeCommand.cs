using System.CommandLine;
using Microsoft.AspNetCore.Connections;
using Scoreboard.Storage.Sqlite;

namespace Scoreboard.Cli;

/// <summary><c>serve</c>, the default verb: the board, the API and the live channels.</summary>
public static class ServeCommand
{
    public const string Description = "Serve the board, the API and the live channels (the default when no verb is given).";

    public static Command Create(CommandHost host)
    {
        var command = new Command("serve", Description);
        command.SetAction((_, _) => RunAsync(host));
        return command;
    }

    public static async Task<int> RunAsync(CommandHost host)
    {
        var app = host.Build(serving: true);
        DataFolderLock? folder = null;
        try
        {
            // Both checks come before the store is opened: a refused start leaves it exactly as it was.
            folder = app.IsEmbedded() ? DataFolderLock.Acquire(app.DataDir()) : null;
            Ports.EnsureFree(app.Configuration["urls"]);
            app.MapScoreboard();
            await app.RunAsync();
            return ExitCodes.Done;
        }
        catch (IOException ex) when (ex.InnerException is AddressInUseException)
        {
            throw new CommandRefusedException(Ports.InUse(Ports.FromBindError(ex.Message)));
        }
        finally
        {
            // The store closes before the folder is let go, so the next holder never finds it open.
            await app.DisposeAsync();
            folder?.Dispose();
        }
    }
}
