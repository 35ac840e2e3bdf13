namespace Scoreboard.Scoring;

/// <summary>
/// The board's total order: higher score first; for equal scores, whoever reached the score earlier
/// (smaller ledger id) first; then user id, ordinal. Every rank index sorts by exactly this.
/// </summary>
public sealed class TieRule : IComparer<Standing>
{
    public static readonly TieRule Instance = new();

    private TieRule()
    {
    }

    public int Compare(Standing? x, Standing? y)
    {
        if (ReferenceEquals(x, y))
        {
            return 0;
        }

        if (x is null)
        {
            return 1;
        }

        if (y is null)
        {
            return -1;
        }

        var byScore = y.Score.CompareTo(x.Score);
        if (byScore != 0)
        {
            return byScore;
        }

        var byReach = x.ReachedAt.CompareTo(y.ReachedAt);
        return byReach != 0 ? byReach : string.CompareOrdinal(x.UserId, y.UserId);
    }
}
