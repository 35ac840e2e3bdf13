using Scoreboard.Scoring;
using Scoreboard.Scoring.Boards;

namespace Scoreboard.Ranking;

/// <summary>One way to read any board's ranking: <c>global</c> from the rank index every seed reads, the others from <see cref="IBoardRanks"/>.</summary>
public sealed class BoardReads(IRankIndex global, IBoardRanks boards)
{
    public ValueTask<IReadOnlyList<RankedStanding>> TopAsync(BoardDefinition board, string period, int offset, int limit, CancellationToken cancellationToken) =>
        IsGlobal(board) ? global.TopAsync(offset, limit, cancellationToken) : boards.TopAsync(board, period, offset, limit, cancellationToken);

    public ValueTask<RankedStanding?> FindAsync(BoardDefinition board, string period, string userId, CancellationToken cancellationToken) =>
        IsGlobal(board) ? global.FindAsync(userId, cancellationToken) : boards.FindAsync(board, period, userId, cancellationToken);

    public ValueTask<long> CountAsync(BoardDefinition board, string period, CancellationToken cancellationToken) =>
        IsGlobal(board) ? global.CountAsync(cancellationToken) : boards.CountAsync(board, period, cancellationToken);

    /// <summary>The user and up to <paramref name="radius"/> neighbours on each side; empty when the user has no standing.</summary>
    public async ValueTask<IReadOnlyList<RankedStanding>> AroundAsync(
        BoardDefinition board, string period, string userId, int radius, CancellationToken cancellationToken)
    {
        if (await FindAsync(board, period, userId, cancellationToken) is not { } found)
        {
            return [];
        }

        var first = (int)Math.Max(0, found.Rank - 1 - radius);
        return await TopAsync(board, period, first, (int)(found.Rank - 1 - first) + radius + 1, cancellationToken);
    }

    private static bool IsGlobal(BoardDefinition board) => board.Id == BoardDefinition.GlobalId;
}
