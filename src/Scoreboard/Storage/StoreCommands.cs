using Scoreboard.Ranking.Redis;

namespace Scoreboard.Storage;

/// <summary>
/// One-shot commands instead of serving: <c>migrate</c> applies the store's migrations; <c>reconcile</c> verifies the
/// Redis index against the store and repairs it. Each prints one line and exits 0 on success.
/// </summary>
public static class StoreCommands
{
    public static readonly string[] Names = ["migrate", "reconcile"];

    /// <summary>Runs the command named by the first argument; null when the arguments name none (serve).</summary>
    public static async Task<int?> RunCommandAsync(this WebApplication app, string[] args)
    {
        if (args.FirstOrDefault() is not { } name || !Names.Contains(name))
        {
            return null;
        }

        var store = app.Services.GetRequiredService<IScoreStore>();
        var location = app.Services.GetRequiredService<StoreLocation>().Value;
        await store.MigrateAsync(app.Lifetime.ApplicationStopping);
        if (name == "migrate")
        {
            Console.WriteLine($"scoreboard: {location} is migrated.");
            return 0;
        }

        if (app.Services.GetService<Reconciler>() is not { } reconciler)
        {
            Console.WriteLine("scoreboard: the rank index is in-process and rebuilt at every start; there is nothing to reconcile.");
            return 0;
        }

        ReconcileReport report;
        try
        {
            report = await reconciler.RunAsync(app.Lifetime.ApplicationStopping);
        }
        catch (Exception ex) when (FallbackRankIndex.IsRedisFailure(ex))
        {
            Console.Error.WriteLine($"scoreboard: reconcile failed, Redis is unavailable: {ex.Message}");
            return 1;
        }

        Console.WriteLine($"scoreboard: reconciled {report.Users} users; {report.Repaired} index entries repaired, {report.Removed} removed.");
        return 0;
    }
}
