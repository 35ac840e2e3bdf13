using System.Diagnostics;
using Microsoft.Extensions.Options;
using Scoreboard.Diagnostics;
using Scoreboard.Ranking;
using Scoreboard.Scoring;
using Scoreboard.Security;
using Scoreboard.Storage;

namespace Scoreboard.Crediting;

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
        await index.RebuildAsync(WithProgress(store.ReadStandingsAsync(cancellationToken)), cancellationToken);
        metrics.IndexRebuilt(stopwatch.Elapsed, "startup");
        Log.IndexRebuilt(logger, await index.CountAsync(cancellationToken), stopwatch.ElapsedMilliseconds);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    // A large store takes a while to read; a line every 100,000 users shows the start-up is moving.
    private async IAsyncEnumerable<Standing> WithProgress(IAsyncEnumerable<Standing> standings)
    {
        long read = 0;
        await foreach (var standing in standings)
        {
            if (++read % 100_000 == 0)
            {
                Log.IndexRebuildProgress(logger, read);
            }

            yield return standing;
        }
    }
}
