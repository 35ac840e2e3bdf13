using Scoreboard.Scoring;
using Scoreboard.Scoring.Boards;

namespace Scoreboard.Live;

/// <summary>What the changes of one coalescing window moved: <c>global</c>'s users, and each other board's per period.</summary>
internal sealed class FeedTouches
{
    private static readonly Dictionary<string, Standing> None = new(StringComparer.Ordinal);

    public long Sequence { get; private set; }

    public Dictionary<string, Standing> Global { get; } = new(StringComparer.Ordinal);

    public Dictionary<BoardPeriod, Dictionary<string, Standing>> Boards { get; } = [];

    /// <summary>
    /// A change that names no standing (the distributed index was rebuilt from the store): every view is recomputed,
    /// since whatever the rebuild restored was never announced user by user.
    /// </summary>
    public bool Everything { get; private set; }

    public bool IsEmpty => !Everything && Global.Count == 0 && Boards.Count == 0;

    public void Add(BoardChange change)
    {
        Sequence = Math.Max(Sequence, change.Sequence);
        Everything |= change.Standings.Count == 0 && change.Boards.Count == 0;
        foreach (var standing in change.Standings)
        {
            Global[standing.UserId] = standing;
        }

        foreach (var touch in change.Boards)
        {
            var key = new BoardPeriod(touch.Board, touch.Period);
            if (!Boards.TryGetValue(key, out var users))
            {
                Boards[key] = users = new(StringComparer.Ordinal);
            }

            users[touch.Standing.UserId] = touch.Standing;
        }
    }

    /// <summary>The users a window moved on <paramref name="board"/> in <paramref name="period"/>.</summary>
    public Dictionary<string, Standing> On(string board, string period) =>
        board == BoardDefinition.GlobalId ? Global : Boards.GetValueOrDefault(new BoardPeriod(board, period)) ?? None;

    /// <summary>
    /// Whether a view showing <paramref name="shown"/> must be recomputed: its board moved, or a user on it moved on
    /// <c>global</c> (an admin reversal takes a user off every board but is announced on <c>global</c> only).
    /// </summary>
    public bool Moves(string board, string period, BoardState? shown) =>
        Everything || shown is null || shown.Period != period || On(board, period).Count > 0
        || (Global.Count > 0 && shown.Top.Any(r => Global.ContainsKey(r.Standing.UserId)));
}
