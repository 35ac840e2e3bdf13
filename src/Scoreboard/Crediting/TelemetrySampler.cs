using Npgsql;
using Scoreboard.Diagnostics;
using Scoreboard.Ranking;
using Scoreboard.Ranking.Redis;

namespace Scoreboard.Crediting;

/// <summary>
/// Reads the gauges that cost a query (users in the index; in distributed mode the outbox's size and age) every
/// <see cref="Every"/>, so a scrape never waits on Redis or PostgreSQL and scrapes cannot multiply the load.
/// </summary>
public sealed class TelemetrySampler(IRankIndex index, ScoreboardMetrics metrics, IServiceProvider services, TimeProvider clock,
    IHostApplicationLifetime lifetime) : BackgroundService
{
    public static readonly TimeSpan Every = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The index is built during start-up; counting it before then would report an empty board.
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        {
            await started.Task.WaitAsync(stoppingToken);
        }

        var outbox = services.GetService<NpgsqlDataSource>();
        using var timer = new PeriodicTimer(Every, clock);
        do
        {
            // Each on its own: while Redis is away the index cannot be counted, and that is when the outbox matters.
            await SampleAsync(async () => metrics.IndexUsers(index is FallbackRankIndex shared
                ? await shared.Redis.CountAsync(true, stoppingToken) : await index.CountAsync(stoppingToken)), stoppingToken);
            if (outbox is not null)
            {
                await SampleAsync(() => SampleOutboxAsync(outbox, stoppingToken), stoppingToken);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private static async Task SampleAsync(Func<Task> sample, CancellationToken stoppingToken)
    {
        try
        {
            await sample();
        }
        catch (Exception) when (!stoppingToken.IsCancellationRequested)
        {
            // A store or Redis away shows in /health and in its own log lines; the gauge keeps its last value.
        }
    }

    private async Task SampleOutboxAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT count(*), min(queued_at) FROM rank_outbox");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var backlog = reader.GetInt64(0);
        var oldest = reader.IsDBNull(1) ? TimeSpan.Zero
            : clock.GetUtcNow() - DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1));
        metrics.Outbox(backlog, oldest < TimeSpan.Zero ? TimeSpan.Zero : oldest);
    }
}
