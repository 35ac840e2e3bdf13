using System.Globalization;
using Scoreboard.Scoring;
using Scoreboard.Scoring.Boards;
using Scoreboard.Storage;
using StackExchange.Redis;

namespace Scoreboard.Ranking.Redis;

/// <summary>
/// The rankings of the boards other than <c>global</c> in Redis, shared by every instance: one sorted set and one
/// standings hash per (board, period), written and read by the same versioned scripts as global's index (a replayed or
/// late standing never moves a user back). An <c>asc</c> board scores by the value itself, so Redis's ascending order is
/// <see cref="BoardTieRule"/> either way. Every key of a board carries the board's hash tag and every script call names
/// one ranking's keys: on a cluster no call crosses slots, and different boards land on different nodes.
/// Reads answer <see cref="RedisScripts.NotReady"/> until the board's rankings were built from the store.
/// </summary>
public sealed class RedisBoardRanks(IConnectionMultiplexer redis, RedisKeys keys, BoardRegistry registry) : IBoardRanks
{
    private IDatabase Db => redis.GetDatabase();

    /// <summary>
    /// Tells a board from an earlier one of the same id (deleted, then made again, starts empty): configured boards
    /// are <c>c</c>, stored ones their <see cref="BoardDefinition.CreatedAt"/> in Unix milliseconds.
    /// </summary>
    public static string Generation(BoardDefinition board) =>
        board.FromConfiguration ? "c" : board.CreatedAt.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);

    /// <summary>One (board, period) ranking.</summary>
    public RedisRankIndex Ranking(BoardDefinition board, string period) => Ranking(board.Id, Generation(board), period, board.Order == BoardOrder.Asc);

    public async ValueTask ApplyAsync(IReadOnlyList<Standing> standings, IReadOnlyList<BoardPeriod> periods, BoardSet boards, CancellationToken cancellationToken) =>
        await ApplyChangedAsync(standings, periods, boards);

    /// <summary>Writes each standing where newer (versioned), as <see cref="ApplyAsync"/>; returns those that changed a ranking.</summary>
    public async Task<IReadOnlyList<(BoardPeriod Board, Standing Standing)>> ApplyChangedAsync(
        IReadOnlyList<Standing> standings, IReadOnlyList<BoardPeriod> periods, BoardSet boards)
    {
        var writes = new List<Task>();
        var rankings = new List<(BoardPeriod Board, Task<IReadOnlyList<Standing>> Changed)>();
        var indexed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var group in standings.Select((s, i) => (Standing: s, Period: periods[i])).GroupBy(p => p.Period))
        {
            if (group.Key.BoardId == BoardDefinition.GlobalId || boards.Find(group.Key.BoardId) is not { } board)
            {
                continue;
            }

            // The period is listed before it is written, so pruning and user removal always find what a ranking holds.
            var generation = Generation(board);
            if (indexed.Add(board.Id))
            {
                writes.Add(Db.SetAddAsync(keys.IndexedBoards, $"{board.Id}|{generation}"));
            }

            writes.Add(Db.SetAddAsync(keys.BoardPeriods(board.Id, generation), group.Key.PeriodKey));
            rankings.Add((group.Key, Ranking(board, group.Key.PeriodKey).SetChangedAsync([.. group.Select(p => p.Standing)])));
        }

        await Task.WhenAll(writes.Concat(rankings.Select(r => r.Changed)));
        return [.. rankings.SelectMany(r => r.Changed.Result.Select(s => (r.Board, s)))];
    }

    /// <summary>Removes the user from every ranking Redis holds of every board (reversal, erasure).</summary>
    public async ValueTask RemoveUserAsync(string userId, CancellationToken cancellationToken)
    {
        await Task.WhenAll(registry.Current.Boards.Where(b => b.Id != BoardDefinition.GlobalId).Select(async board =>
        {
            foreach (var period in await PeriodsAsync(board.Id, Generation(board)))
            {
                await Ranking(board, period).RemoveAsync([userId]);
            }
        }));
    }

    public ValueTask<IReadOnlyList<RankedStanding>> TopAsync(BoardDefinition board, string period, int offset, int limit, CancellationToken cancellationToken) =>
        Ranking(board, period).TopAsync(offset, limit, true, cancellationToken);

    public ValueTask<RankedStanding?> FindAsync(BoardDefinition board, string period, string userId, CancellationToken cancellationToken) =>
        Ranking(board, period).FindAsync(userId, true, cancellationToken);

    public ValueTask<long> CountAsync(BoardDefinition board, string period, CancellationToken cancellationToken) =>
        Ranking(board, period).CountAsync(true, cancellationToken);

    /// <summary>The period keys Redis holds rankings of for a board.</summary>
    public async Task<IReadOnlyList<string>> PeriodsAsync(string boardId, string generation) =>
        [.. (await Db.SetMembersAsync(keys.BoardPeriods(boardId, generation))).Select(p => p.ToString())];

    /// <summary>Records the periods a rebuild wrote and marks the board built for <see cref="BoardDefinition.KeepPeriods"/>.</summary>
    public async Task MarkBuiltAsync(BoardDefinition board, IReadOnlyCollection<string> periods)
    {
        var generation = Generation(board);
        await Db.SetAddAsync(keys.IndexedBoards, $"{board.Id}|{generation}");
        if (periods.Count > 0)
        {
            await Db.SetAddAsync(keys.BoardPeriods(board.Id, generation), [.. periods.Select(p => (RedisValue)p)]);
        }

        await Db.StringSetAsync(keys.BoardReady(board.Id, generation), board.KeepPeriods);
    }

    /// <summary>The keepPeriods each board was built for; null where it is not built (a flush, a new board).</summary>
    public async Task<IReadOnlyList<long?>> BuiltForAsync(IReadOnlyList<BoardDefinition> boards)
    {
        var values = await Task.WhenAll(boards.Select(b => Db.StringGetAsync(keys.BoardReady(b.Id, Generation(b)))));
        return [.. values.Select(v => v.IsNull ? null : (long?)(long)v)];
    }

    /// <summary>Drops one period's ranking (both keys share the board's slot); the store keeps its rows.</summary>
    public async Task DropPeriodAsync(string boardId, string generation, string period)
    {
        await Db.KeyDeleteAsync([keys.BoardRanking(boardId, generation, period), keys.BoardStandings(boardId, generation, period)]);
        await Db.SetRemoveAsync(keys.BoardPeriods(boardId, generation), period);
    }

    /// <summary>Drops what is left of a board generation that no longer exists, once its periods are gone.</summary>
    public async Task DropBoardAsync(string boardId, string generation)
    {
        await Db.KeyDeleteAsync([keys.BoardPeriods(boardId, generation), keys.BoardReady(boardId, generation)]);
        await Db.SetRemoveAsync(keys.IndexedBoards, $"{boardId}|{generation}");
    }

    /// <summary>Every <c>id|generation</c> with rankings in Redis.</summary>
    public async Task<IReadOnlyList<(string BoardId, string Generation)>> IndexedAsync() =>
        [.. (await Db.SetMembersAsync(keys.IndexedBoards)).Select(m => m.ToString().Split('|', 2)).Where(p => p.Length == 2).Select(p => (p[0], p[1]))];

    private RedisRankIndex Ranking(string boardId, string generation, string period, bool ascending) => new(
        redis, keys.BoardRanking(boardId, generation, period), keys.BoardStandings(boardId, generation, period), keys.BoardReady(boardId, generation), ascending);
}
