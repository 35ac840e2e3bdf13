using Scoreboard.Diagnostics;
using Scoreboard.Scoring;
using Scoreboard.Scoring.Boards;
using Scoreboard.Storage.Postgres;

namespace Scoreboard.Ranking.Redis;

/// <summary>
/// The board rankings distributed mode serves from: Redis while it answers and a board's rankings are built; the store's
/// committed standings otherwise (Redis down, a flushed board being rebuilt). Board standings have no outbox, so a write
/// Redis did not take asks <see cref="RedisBoardSync"/> to check every board against the store once Redis answers, and
/// until then this instance reads from the store. After a failure Redis is not asked again for a second.
/// </summary>
public sealed class FallbackBoardRanks(
    RedisBoardRanks redis, PostgresBoardRanks store, RedisBoardSync sync, TimeProvider clock, ILogger<FallbackBoardRanks> logger) : IBoardRanks
{
    private static readonly TimeSpan PauseFor = TimeSpan.FromSeconds(1);
    private long _pausedUntil;

    private bool UseStore => clock.GetUtcNow().UtcTicks < Interlocked.Read(ref _pausedUntil) || sync.RepairPending;

    public ValueTask ApplyAsync(IReadOnlyList<Standing> standings, IReadOnlyList<BoardPeriod> periods, BoardSet boards, CancellationToken cancellationToken) =>
        standings.Count == 0 ? ValueTask.CompletedTask : WriteAsync(() => redis.ApplyAsync(standings, periods, boards, cancellationToken), standings.Count);

    public ValueTask RemoveUserAsync(string userId, CancellationToken cancellationToken) =>
        WriteAsync(() => redis.RemoveUserAsync(userId, cancellationToken), 1);

    public ValueTask<IReadOnlyList<RankedStanding>> TopAsync(BoardDefinition board, string period, int offset, int limit, CancellationToken cancellationToken) =>
        ReadAsync(() => redis.TopAsync(board, period, offset, limit, cancellationToken), () => store.TopAsync(board, period, offset, limit, cancellationToken));

    public ValueTask<RankedStanding?> FindAsync(BoardDefinition board, string period, string userId, CancellationToken cancellationToken) =>
        ReadAsync(() => redis.FindAsync(board, period, userId, cancellationToken), () => store.FindAsync(board, period, userId, cancellationToken));

    public ValueTask<long> CountAsync(BoardDefinition board, string period, CancellationToken cancellationToken) =>
        ReadAsync(() => redis.CountAsync(board, period, cancellationToken), () => store.CountAsync(board, period, cancellationToken));

    private async ValueTask WriteAsync(Func<ValueTask> toRedis, int count)
    {
        if (clock.GetUtcNow().UtcTicks >= Interlocked.Read(ref _pausedUntil))
        {
            try
            {
                await toRedis();
                return;
            }
            catch (Exception ex) when (FallbackRankIndex.IsRedisFailure(ex))
            {
                Log.BoardRankingsUpdateFailed(logger, count, ex);
                Pause();
            }
        }

        // Skipped or failed: Redis lacks this change until every board is checked against the store.
        sync.RepairAll();
    }

    private async ValueTask<T> ReadAsync<T>(Func<ValueTask<T>> fromRedis, Func<ValueTask<T>> fromStore)
    {
        if (!UseStore)
        {
            try
            {
                return await fromRedis();
            }
            catch (Exception ex) when (RedisRankIndex.IsNotReady(ex))
            {
                // The board is being built from the store: a half-built ranking is not the board.
            }
            catch (Exception ex) when (FallbackRankIndex.IsRedisFailure(ex))
            {
                Pause();
            }
        }

        return await fromStore();
    }

    private void Pause() => Interlocked.Exchange(ref _pausedUntil, (clock.GetUtcNow() + PauseFor).UtcTicks);
}
