using Microsoft.Extensions.Options;
using Scoreboard.Diagnostics;
using Scoreboard.Storage;

namespace Scoreboard.Security;

/// <summary>
/// Re-reads the stored service keys on an interval: a key revoked with <c>keys revoke</c> (another process, or another
/// instance's PostgreSQL) stops working here within <see cref="ServiceKeyOptions.RefreshSeconds"/>. While the store
/// cannot be read, the keys last read stay in force.
/// </summary>
public sealed class ServiceKeyRefresh(
    ServiceKeyRegistry registry,
    IScoreStore store,
    IOptions<ServiceKeyOptions> options,
    ILogger<ServiceKeyRefresh> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.RefreshSeconds));
        var failing = false;
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await registry.RefreshAsync(store, logger, stoppingToken);
                failing = false;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Once per outage, not once per tick.
                if (!failing)
                {
                    Log.ServiceKeysUnreadable(logger, ex.Message);
                }

                failing = true;
            }
        }
    }
}
