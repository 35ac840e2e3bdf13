using StackExchange.Redis;

namespace Scoreboard.Ranking.Redis;

/// <summary>
/// Every Redis key and channel the scoreboard uses, built here only. The board's keys share one hash tag
/// (<c>{prefix}</c>), so the scripts that touch several of them run on one node of a Redis Cluster. Per-user and
/// per-caller keys are tagged by whom they count (<c>{prefix:user:id}</c>, <c>{prefix:who}</c> for budgets), so on a
/// cluster they spread over the nodes; no script touches two tags.
/// </summary>
public sealed class RedisKeys(string prefix)
{
    private readonly string _tag = $"{{{prefix}}}";

    /// <summary>Sorted set: score = −total (exact for every allowed total), member = <see cref="RedisStanding.Member"/>.</summary>
    public RedisKey Board => $"{_tag}:board";

    /// <summary>Hash: user id → the standing as <see cref="RedisStanding"/> text.</summary>
    public RedisKey Standings => $"{_tag}:standings";

    /// <summary>Present once the index was built from the store; its absence (a flush, a fresh Redis) asks for a rebuild.</summary>
    public RedisKey Ready => $"{_tag}:ready";

    /// <summary>The board-change sequence, shared by every instance.</summary>
    public RedisKey Sequence => $"{_tag}:sequence";

    /// <summary>
    /// A shared rate-limit counter: one per scope (user, key, IP, global) and partition. The partition is the hash tag,
    /// so one user's budgets (per window and per hour) share a slot, and different users' budgets spread.
    /// </summary>
    public RedisKey Limit(string scope, string partition) => $"{{{prefix}:{partition}}}:limit:{scope}";

    /// <summary>Sorted set of the open live connections of a scope, scored by lease expiry.</summary>
    public RedisKey Connections(string scope) => $"{_tag}:connections:{scope}";

    /// <summary>A user's cool-down slot for an action type, present (holding its claim's lease) until the interval ends.</summary>
    public RedisKey Cooldown(string userId, string actionType) => $"{UserTag(userId)}:cooldown:{actionType}";

    /// <summary>List of the times (ms) of a user's latest credits, newest first: the anomaly watch's regularity check.</summary>
    public RedisKey AnomalyTimes(string userId) => $"{UserTag(userId)}:anomaly:times";

    /// <summary>Sorted set of the credits in the anomaly window, scored by time; member = <c>user id|points|unique</c>.</summary>
    public RedisKey AnomalyWindow => $"{_tag}:anomaly:window";

    /// <summary>Hash: user id → points gained in the anomaly window.</summary>
    public RedisKey AnomalyGains => $"{_tag}:anomaly:gains";

    /// <summary>Hash of the window's population: <c>n</c> active users, <c>sum</c> and <c>squares</c> of their gains.</summary>
    public RedisKey AnomalyPopulation => $"{_tag}:anomaly:population";

    /// <summary>Sorted set of one (board, period) ranking of a board other than global: as <see cref="Board"/>.</summary>
    /// <remarks>
    /// A board's keys share the tag <c>{prefix:b:id}</c>, so one board's scripts run on one node and different boards
    /// spread over a cluster. <paramref name="generation"/> tells a board from an earlier one of the same id.
    /// </remarks>
    public RedisKey BoardRanking(string boardId, string generation, string period) => $"{BoardTag(boardId)}:{generation}:{period}:board";

    /// <summary>Hash: user id → standing, of one (board, period) ranking: as <see cref="Standings"/>.</summary>
    public RedisKey BoardStandings(string boardId, string generation, string period) => $"{BoardTag(boardId)}:{generation}:{period}:standings";

    /// <summary>Set of the period keys a board holds rankings of: what pruning and user removal walk.</summary>
    public RedisKey BoardPeriods(string boardId, string generation) => $"{BoardTag(boardId)}:{generation}:periods";

    /// <summary>A board's rankings were built from the store (the value: the keepPeriods built for); absent asks for a rebuild.</summary>
    public RedisKey BoardReady(string boardId, string generation) => $"{BoardTag(boardId)}:{generation}:ready";

    /// <summary>Held by the one instance rebuilding a board's rankings.</summary>
    public RedisKey BoardRebuilding(string boardId) => $"{BoardTag(boardId)}:rebuilding";

    /// <summary>Set of <c>id|generation</c> of every board with rankings in Redis, so those of deleted boards are found and pruned.</summary>
    public RedisKey IndexedBoards => $"{_tag}:boards";

    /// <summary>Pub/sub channel for committed board changes.</summary>
    public RedisChannel Changes => RedisChannel.Literal($"{_tag}:changes");

    // Board ids are [a-z0-9_-], so they never contain braces either.
    private string BoardTag(string boardId) => $"{{{prefix}:b:{boardId}}}";

    // User ids never contain braces (Ids.IsValidUserId), so the tag ends where the id does.
    private string UserTag(string userId) => $"{{{prefix}:user:{userId}}}";
}
