using StackExchange.Redis;

namespace Scoreboard.Ranking.Redis;

/// <summary>
/// Every Redis key and channel the scoreboard uses, built here only. The board's keys share one hash tag
/// (<c>{prefix}</c>), so the scripts that touch several of them run on one node of a Redis Cluster. Per-user and
/// per-caller keys are tagged by whom they count (<c>{prefix:who}</c>), so on a cluster they spread over the nodes.
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

    /// <summary>Pub/sub channel for committed board changes.</summary>
    public RedisChannel Changes => RedisChannel.Literal($"{_tag}:changes");
}
