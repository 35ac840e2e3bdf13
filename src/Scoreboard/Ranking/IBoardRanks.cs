using Scoreboard.Scoring;
using Scoreboard.Scoring.Boards;

namespace Scoreboard.Ranking;

/// <summary>
/// Rankings of the boards other than <c>global</c> (which keeps its own <see cref="IRankIndex"/>), one per
/// (board, period), each in its board's order.
/// </summary>
public interface IBoardRanks
{
    /// <summary>Sets standings the ledger committed; applying one twice is harmless.</summary>
    ValueTask ApplyAsync(IReadOnlyList<Standing> standings, IReadOnlyList<BoardPeriod> periods, BoardSet boards, CancellationToken cancellationToken);

    /// <summary>Takes a user off every board ranking: an admin reversal left no credit of theirs standing there.</summary>
    ValueTask RemoveUserAsync(string userId, CancellationToken cancellationToken);

    ValueTask<IReadOnlyList<RankedStanding>> TopAsync(BoardDefinition board, string period, int offset, int limit, CancellationToken cancellationToken);

    ValueTask<RankedStanding?> FindAsync(BoardDefinition board, string period, string userId, CancellationToken cancellationToken);

    ValueTask<long> CountAsync(BoardDefinition board, string period, CancellationToken cancellationToken);
}
