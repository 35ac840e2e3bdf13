namespace Scoreboard.Scoring.Boards;

/// <summary>What one credit does to the boards that count it: refused as a whole, or each board's next standing.</summary>
/// <param name="Next">Every counting board's standing after the credit (its count and time move even when its score does not).</param>
/// <param name="Changed">Those of <paramref name="Next"/> whose score or reach moved: what the rank index and live feed need.</param>
public sealed record CreditDecision(bool WouldOverflow, IReadOnlyList<BoardStanding> Next, IReadOnlyList<BoardStanding> Changed);

/// <summary>
/// The one credit rule, as pure functions: which boards count a credit, and what each board's operator makes of it.
/// Both stores only lock, read and write what this decides.
/// </summary>
public static class BoardCredit
{
    /// <summary>The boards that count <paramref name="credit"/> committed at <paramref name="committedAt"/>, with its period on each.</summary>
    public static IReadOnlyList<CountingBoard> CountingBoards(Credit credit, BoardSet boards, DateTimeOffset committedAt)
    {
        var counting = new List<CountingBoard>(boards.Boards.Count);
        foreach (var board in boards.Boards)
        {
            if (Counts(board, credit, boards.NotOnGlobal, committedAt)
                && BoardPeriods.At(board, committedAt, boards.SeasonsOf(board.Id)) is { } period)
            {
                counting.Add(new CountingBoard(board, period));
            }
        }

        return counting;
    }

    /// <summary>
    /// Whether <paramref name="board"/> counts the credit: its type (for <c>global</c>, every type not marked off it), no
    /// backfill before the board existed, and on an <c>asc</c> board only a service key's credits, since a user could
    /// otherwise send the smallest value and win.
    /// </summary>
    public static bool Counts(BoardDefinition board, Credit credit, IReadOnlySet<string> notOnGlobal, DateTimeOffset committedAt)
    {
        if (board.Id == BoardDefinition.GlobalId)
        {
            return !notOnGlobal.Contains(credit.ActionType);
        }

        return committedAt >= board.CreatedAt
            && (board.ActionTypes.Contains("*") || board.ActionTypes.Contains(credit.ActionType))
            && (board.Order == BoardOrder.Desc || credit.Scope.StartsWith(CallerScopes.ServiceKey(""), StringComparison.Ordinal));
    }

    /// <summary>
    /// Applies a credit of <paramref name="points"/> (event <paramref name="eventId"/>) to each counting board's current
    /// standing. All or nothing: if any board's score would leave <see cref="ScoreLimits"/>, no board moves.
    /// </summary>
    public static CreditDecision Decide(
        string userId, long points, long eventId, DateTimeOffset now, IReadOnlyList<CountingBoard> counting, Func<BoardPeriod, BoardStanding?> current)
    {
        var next = new List<BoardStanding>(counting.Count);
        var changed = new List<BoardStanding>(counting.Count);
        foreach (var board in counting)
        {
            var before = current(board.Key);
            if (Combine(board.Board, before?.Score, points) is not { } score)
            {
                return new CreditDecision(true, [], []);
            }

            // Ties go to whoever reached the value first, so reaching it again (or not beating it) keeps the old reach.
            var moved = before is null || before.Score != score;
            var standing = new BoardStanding(board.Key, userId, score, moved ? eventId : before!.ReachedAt, (before?.Count ?? 0) + 1, now);
            next.Add(standing);
            if (moved)
            {
                changed.Add(standing);
            }
        }

        return new CreditDecision(false, next, changed);
    }

    /// <summary>The board's score after a credit of <paramref name="points"/>; null when it would leave the allowed range.</summary>
    public static long? Combine(BoardDefinition board, long? score, long points)
    {
        if (points is < 1 or > ScoreLimits.MaxScore)
        {
            return null;
        }

        return board.Operator switch
        {
            BoardOperator.Best when score is { } held => board.Order == BoardOrder.Asc ? Math.Min(held, points) : Math.Max(held, points),
            BoardOperator.Best or BoardOperator.Latest => points,
            _ => ScoreLimits.CanAdd(score ?? 0, points) ? (score ?? 0) + points : null,
        };
    }
}
