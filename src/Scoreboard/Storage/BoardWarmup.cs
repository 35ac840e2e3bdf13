using System.Diagnostics;
using Microsoft.Extensions.Options;
using Scoreboard.Diagnostics;
using Scoreboard.Ranking;
using Scoreboard.Security;

namespace Scoreboard.Storage;

/// <summary>
/// Runs before the server accepts requests: migrates the store, loads service keys, and rebuilds the rank
/// index from the store (000's cache warming), so a crash between a commit and an index update never shows.
/// </summary>
public sealed class BoardWarmup(
    IScoreStore store,
    IRankIndex index,
    ServiceKeyRegistry keys,
    IOptions<ServiceKeyOptions> keyOptions,
    StoreLocation location,
    ILogger<BoardWarmup> logger,
    ScoreboardMetrics metrics) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await store.MigrateAsync(cancellationToken);
        Log.StoreReady(logger, location.Value);
        await keys.LoadAsync(keyOptions.Value, store, logger, cancellationToken);

        var stopwatch = Stopwatch.StartNew();
        await index.RebuildAsync(store.ReadStandingsAsync(cancellationToken), cancellationToken);
        metrics.IndexRebuilt(stopwatch.Elapsed, "startup");
        Log.IndexRebuilt(logger, await index.CountAsync(cancellationToken), stopwatch.ElapsedMilliseconds);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
