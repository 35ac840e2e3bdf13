namespace Scoreboard.Scoring;

/// <summary>The range a total may take.</summary>
public static class ScoreLimits
{
    /// <summary>
    /// 2^53 − 1: the largest integer a JavaScript client reads exactly from JSON, and the largest
    /// a Redis sorted-set score holds exactly. A credit that would pass it is refused, never wrapped.
    /// </summary>
    public const long MaxScore = 9_007_199_254_740_991;

    /// <summary>True when <paramref name="points"/> added to <paramref name="score"/> stays within range.</summary>
    public static bool CanAdd(long score, long points) => points > 0 && score <= MaxScore - points;
}
