using Scoreboard.Diagnostics;
using Scoreboard.Scoring;
using Scoreboard.Storage.Postgres;
using StackExchange.Redis;

namespace Scoreboard.Ranking.Redis;

/// <summary>
/// The index the distributed mode serves from: Redis while it answers; the store's own ordering while it does not.
/// A failed write is left to the outbox relay, which holds every unconfirmed standing until Redis has it.
/// After a failure Redis is not asked again for a second, so a dead Redis costs requests no timeouts. While the index
/// is not built (a flush emptied it and the relay is rebuilding it), reads come from the store as well: a half-built
/// index would show a board missing most of its users, to readers and to the live feed alike.
/// </summary>
public sealed class FallbackRankIndex(
    RedisRankIndex redis, PostgresBoard store, Reconciler reconciler, TimeProvider clock, ILogger<FallbackRankIndex> logger,
    ScoreboardMetrics metrics) : IRankIndex
{
    private static readonly TimeSpan PauseFor = TimeSpan.FromSeconds(1);
    private long _redisPausedUntil;

    public RedisRankIndex Redis => redis;

    /// <summary>True while reads bypass Redis after a failure.</summary>
    public bool RedisPaused => clock.GetUtcNow().UtcTicks < Interlocked.Read(ref _redisPausedUntil);

    /// <summary>
    /// Other instances may be serving and writing while this one starts, so the shared index is verified and repaired
    /// against <paramref name="standings"/> rather than replaced.
    /// </summary>
    public async ValueTask RebuildAsync(IAsyncEnumerable<Standing> standings, CancellationToken cancellationToken)
    {
        try
        {
            await reconciler.RunAsync(standings, cancellationToken);
        }
        catch (Exception ex) when (IsRedisFailure(ex))
        {
            // Start anyway: the ready marker stays missing, so the relay rebuilds once Redis answers.
            Pause(ex);
        }
    }

    public async ValueTask ApplyAsync(IReadOnlyList<Standing> standings, CancellationToken cancellationToken)
    {
        if (RedisPaused)
        {
            return;
        }

        try
        {
            await redis.ApplyAsync(standings, cancellationToken);
        }
        catch (Exception ex) when (IsRedisFailure(ex))
        {
            Log.IndexUpdateFailed(logger, standings.Count, ex);
            Pause(ex);
        }
    }

    public ValueTask<IReadOnlyList<RankedStanding>> TopAsync(int offset, int limit, CancellationToken cancellationToken) =>
        ReadAsync(() => redis.TopAsync(offset, limit, true, cancellationToken), () => store.TopAsync(offset, limit, cancellationToken));

    public ValueTask<RankedStanding?> FindAsync(string userId, CancellationToken cancellationToken) =>
        ReadAsync(() => redis.FindAsync(userId, true, cancellationToken), () => store.FindAsync(userId, cancellationToken));

    public ValueTask<IReadOnlyList<RankedStanding>> AroundAsync(string userId, int radius, CancellationToken cancellationToken) =>
        ReadAsync(() => redis.AroundAsync(userId, radius, true, cancellationToken), () => store.AroundAsync(userId, radius, cancellationToken));

    public ValueTask<long> CountAsync(CancellationToken cancellationToken) =>
        ReadAsync(() => redis.CountAsync(true, cancellationToken), () => store.CountAsync(cancellationToken), metered: false);

    /// <summary>Not skipped while Redis is paused: the caller hears of a failure, so the removal can be repeated.</summary>
    public ValueTask RemoveUserAsync(string userId, CancellationToken cancellationToken) => redis.RemoveUserAsync(userId, cancellationToken);

    internal static bool IsRedisFailure(Exception ex) => ex is RedisException or TimeoutException or ObjectDisposedException;

    private async ValueTask<T> ReadAsync<T>(Func<ValueTask<T>> fromRedis, Func<Task<T>> fromStore, bool metered = true)
    {
        if (!RedisPaused)
        {
            try
            {
                var answer = await fromRedis();
                if (metered)
                {
                    metrics.Read(hit: true);
                }

                return answer;
            }
            catch (Exception ex) when (RedisRankIndex.IsNotReady(ex))
            {
                // Redis answers, so it is not paused: writes go on, and reads return to it once it is built.
            }
            catch (Exception ex) when (IsRedisFailure(ex))
            {
                Pause(ex);
            }
        }

        if (metered)
        {
            metrics.Read(hit: false);
        }

        return await fromStore();
    }

    private void Pause(Exception ex)
    {
        if (!RedisPaused)
        {
            Log.IndexFallback(logger, ex);
        }

        Interlocked.Exchange(ref _redisPausedUntil, (clock.GetUtcNow() + PauseFor).UtcTicks);
    }
}
