namespace Scoreboard.Scoring.Boards;

/// <summary>A credit still standing in a user's ledger (not reversed), as a replay needs it.</summary>
public sealed record LedgerCredit(long EventId, string Scope, string ActionType, long Points, DateTimeOffset CreatedAt);

/// <summary>
/// A user's standings on the boards other than <c>global</c>, rebuilt from the credits of theirs still standing: what a
/// reversal of only some credits leaves, since a <c>best</c> or <c>latest</c> board cannot subtract a credit. Each credit
/// counts where the boards' current definitions say it counted when it was committed.
/// </summary>
public static class BoardReplay
{
    public static IReadOnlyList<BoardStanding> Standings(string userId, IEnumerable<LedgerCredit> credits, BoardSet boards)
    {
        var standings = new Dictionary<BoardPeriod, BoardStanding>();
        foreach (var c in credits.OrderBy(c => c.EventId))
        {
            var credit = new Credit(userId, "", c.ActionType, c.Points, "", "") { Scope = c.Scope };
            foreach (var board in BoardCredit.CountingBoards(credit, boards, c.CreatedAt).Where(b => b.Board.Id != BoardDefinition.GlobalId))
            {
                var before = standings.GetValueOrDefault(board.Key);
                if (BoardCredit.Combine(board.Board, before?.Score, c.Points) is not { } score)
                {
                    continue;
                }

                var moved = before is null || before.Score != score;
                standings[board.Key] = new BoardStanding(board.Key, userId, score, moved ? c.EventId : before!.ReachedAt, (before?.Count ?? 0) + 1, c.CreatedAt);
            }
        }

        return [.. standings.Values];
    }
}
