using System.CommandLine;
using Scoreboard.Ranking.Redis;
using Scoreboard.Storage;
using Scoreboard.Storage.Sqlite;

namespace Scoreboard.Cli;

/// <summary><c>migrate</c> applies the store's migrations; <c>reconcile</c> repairs the Redis index from PostgreSQL.</summary>
public static class StoreCommands
{
    public static Command Migrate(CommandHost host)
    {
        var command = new Command("migrate", "Create or upgrade the store's schema, then exit. Embedded mode refuses a data folder a running server holds.");
        command.SetAction((_, ct) => MigrateAsync(host, ct));
        return command;
    }

    public static Command Reconcile(CommandHost host)
    {
        var command = new Command("reconcile", "Distributed mode: verify the Redis rank index against PostgreSQL and repair it, while serving goes on.");
        command.SetAction((_, ct) => ReconcileAsync(host, ct));
        return command;
    }

    private static async Task<int> MigrateAsync(CommandHost host, CancellationToken cancellationToken)
    {
        await using var app = host.Build();
        using var folder = app.IsEmbedded() ? DataFolderLock.Acquire(app.DataDir()) : null;
        await app.Services.GetRequiredService<IScoreStore>().MigrateAsync(cancellationToken);
        Console.WriteLine($"scoreboard: {app.Services.GetRequiredService<StoreLocation>().Value} is migrated.");
        return ExitCodes.Done;
    }

    private static async Task<int> ReconcileAsync(CommandHost host, CancellationToken cancellationToken)
    {
        await using var app = host.Build();
        if (app.Services.GetService<Reconciler>() is not { } reconciler)
        {
            Console.WriteLine("scoreboard: the rank index is in-process and rebuilt from the store at every start; there is nothing to reconcile.");
            return ExitCodes.Done;
        }

        Console.Error.WriteLine("scoreboard: reading every standing from PostgreSQL, then checking the Redis index against it…");
        await app.Services.GetRequiredService<IScoreStore>().MigrateAsync(cancellationToken);
        ReconcileReport report;
        try
        {
            report = await reconciler.RunAsync(cancellationToken);
        }
        catch (Exception ex) when (FallbackRankIndex.IsRedisFailure(ex))
        {
            Console.Error.WriteLine($"scoreboard: reconcile failed, Redis is unavailable: {ex.Message}");
            return ExitCodes.Failed;
        }

        Console.WriteLine($"scoreboard: reconciled {report.Users} users; {report.Repaired} index entries repaired, {report.Removed} removed.");
        return ExitCodes.Done;
    }
}
