using System.Globalization;
using Scoreboard.Scoring;

namespace Scoreboard.Ranking.Redis;

/// <summary>
/// How a standing is written to Redis so that Redis's own order is <see cref="TieRule"/>, bit for bit.
/// The sorted-set score is −total: totals stop at 2^53 − 1, so every one is an exact double. Equal scores are ordered
/// by member bytes: the ledger id as 20 fixed digits (ascending = reached earlier), then the user id (ASCII, so byte
/// order is ordinal order). Ranks are read ascending, so rank 1 is the highest total.
/// </summary>
public static class RedisStanding
{
    public const int ReachWidth = 20;

    public static string Reach(long reachedAt) => reachedAt.ToString("D20", CultureInfo.InvariantCulture);

    public static string Member(Standing standing) => $"{Reach(standing.ReachedAt)}:{standing.UserId}";

    public static string Score(long total) => total == 0 ? "0" : (-total).ToString(CultureInfo.InvariantCulture);

    /// <summary>The sorted-set score of an <c>asc</c> board, where lower is better: the total itself.</summary>
    public static string AscendingScore(long total) => total.ToString(CultureInfo.InvariantCulture);

    /// <summary>reach|score|updatedMs|userId|name — the reach first, so scripts compare versions with a prefix.</summary>
    public static string Payload(Standing s) => string.Create(CultureInfo.InvariantCulture,
        $"{Reach(s.ReachedAt)}|{s.Score}|{s.UpdatedAt.ToUnixTimeMilliseconds()}|{s.UserId}|{s.DisplayName}");

    public static Standing Parse(string payload)
    {
        var parts = payload.Split('|', 5);
        return new Standing(
            parts[3],
            parts[4].Length == 0 ? null : parts[4],
            long.Parse(parts[1], CultureInfo.InvariantCulture),
            long.Parse(parts[0], CultureInfo.InvariantCulture),
            DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(parts[2], CultureInfo.InvariantCulture)));
    }
}
