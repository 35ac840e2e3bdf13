namespace Scoreboard.Scoring.Boards;

/// <summary>
/// A board's total order: better score first (higher on <c>desc</c>, lower on <c>asc</c>); for equal scores, whoever
/// reached the score earlier; then user id, ordinal.
/// </summary>
public sealed class BoardTieRule : IComparer<Standing>
{
    private static readonly BoardTieRule Ascending = new();

    private BoardTieRule()
    {
    }

    public static IComparer<Standing> For(BoardOrder order) => order == BoardOrder.Asc ? Ascending : TieRule.Instance;

    public int Compare(Standing? x, Standing? y)
    {
        if (x is null || y is null)
        {
            return TieRule.Instance.Compare(x, y);
        }

        var byScore = x.Score.CompareTo(y.Score);
        if (byScore != 0)
        {
            return byScore;
        }

        var byReach = x.ReachedAt.CompareTo(y.ReachedAt);
        return byReach != 0 ? byReach : string.CompareOrdinal(x.UserId, y.UserId);
    }
}
