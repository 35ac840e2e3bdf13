using Scoreboard.Scoring;

namespace Scoreboard.Ranking;

/// <summary>
/// The ranked view of every user's total: derived data, rebuilt from the store at start-up.
/// Implementations order by <see cref="TieRule"/> and answer each query in O(log N) users.
/// </summary>
public interface IRankIndex
{
    /// <summary>Replaces the index with <paramref name="standings"/>.</summary>
    ValueTask RebuildAsync(IAsyncEnumerable<Standing> standings, CancellationToken cancellationToken);

    /// <summary>Sets each user's standing; applying the same standing twice is harmless.</summary>
    ValueTask ApplyAsync(IReadOnlyList<Standing> standings, CancellationToken cancellationToken);

    ValueTask<IReadOnlyList<RankedStanding>> TopAsync(int offset, int limit, CancellationToken cancellationToken);

    ValueTask<RankedStanding?> FindAsync(string userId, CancellationToken cancellationToken);

    /// <summary>The user and up to <paramref name="radius"/> neighbours on each side; empty for an unknown user.</summary>
    ValueTask<IReadOnlyList<RankedStanding>> AroundAsync(string userId, int radius, CancellationToken cancellationToken);

    ValueTask<long> CountAsync(CancellationToken cancellationToken);

    /// <summary>Takes a user off the ranking: an erasure left nothing of theirs to rank.</summary>
    ValueTask RemoveUserAsync(string userId, CancellationToken cancellationToken);
}
