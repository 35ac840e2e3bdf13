using Microsoft.Extensions.Options;

namespace Scoreboard.Privacy;

/// <summary>
/// Ledger retention: every <see cref="PrivacyOptions.RetentionIntervalSeconds"/>, events older than
/// <see cref="PrivacyOptions.RetentionDays"/> lose their IP address and user agent, a bounded batch per transaction.
/// Points, totals and the chain are never touched. Every instance runs it; the scrub is the same whoever does it.
/// </summary>
public sealed partial class RetentionChore(PrivacyStore store, IOptions<PrivacyOptions> options, TimeProvider clock, ILogger<RetentionChore> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(settings.RetentionIntervalSeconds), clock);
        do
        {
            try
            {
                long scrubbed = 0;
                int batch;
                do
                {
                    batch = await store.ScrubAsync(clock.GetUtcNow() - TimeSpan.FromDays(settings.RetentionDays), settings.RetentionBatch, stoppingToken);
                    scrubbed += batch;
                }
                while (batch == settings.RetentionBatch && !stoppingToken.IsCancellationRequested);

                if (scrubbed > 0)
                {
                    Scrubbed(logger, scrubbed, settings.RetentionDays);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The store may be away for a while; the next tick tries again, nothing is lost by waiting.
                Failed(logger, ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(1300, LogLevel.Information, "Retention: {Count} ledger events older than {Days} days had their IP address and user agent removed")]
    private static partial void Scrubbed(ILogger logger, long count, int days);

    [LoggerMessage(1301, LogLevel.Warning, "Retention could not scrub old ledger events; it tries again at its next run")]
    private static partial void Failed(ILogger logger, Exception exception);
}
