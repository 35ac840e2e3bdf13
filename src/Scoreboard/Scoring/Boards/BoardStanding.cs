namespace Scoreboard.Scoring.Boards;

/// <summary>One user's standing on one board in one period, as the store keeps it.</summary>
/// <param name="ReachedAt">Ledger event id that produced the current score; it moves only when the score changes.</param>
/// <param name="Count">How many credits the board counted for the user in the period.</param>
public sealed record BoardStanding(BoardPeriod Board, string UserId, long Score, long ReachedAt, long Count, DateTimeOffset UpdatedAt)
{
    public Standing ToStanding(string? displayName) => new(UserId, displayName, Score, ReachedAt, UpdatedAt);
}

/// <summary>A board that counts a credit, with the period the credit falls in.</summary>
public readonly record struct CountingBoard(BoardDefinition Board, PeriodWindow Period)
{
    public BoardPeriod Key => new(Board.Id, Period.Key);
}

/// <summary>
/// The boards known at one moment, with their seasons and the action types the catalog keeps off <c>global</c>:
/// everything the credit rule needs to know about boards, as a value.
/// </summary>
public sealed class BoardSet
{
    private static readonly IReadOnlyList<Season> NoSeasons = [];
    private readonly Dictionary<string, BoardDefinition> _byId;
    private readonly IReadOnlyDictionary<string, IReadOnlyList<Season>> _seasons;

    public BoardSet(IEnumerable<BoardDefinition> boards, IReadOnlyDictionary<string, IReadOnlyList<Season>> seasons, IReadOnlySet<string> notOnGlobal)
    {
        // global is always first and always the built-in definition, whatever a list passed in holds.
        Boards = [BoardDefinition.Global, .. boards.Where(b => b.Id != BoardDefinition.GlobalId)];
        _byId = Boards.ToDictionary(b => b.Id, StringComparer.Ordinal);
        _seasons = seasons;
        NotOnGlobal = notOnGlobal;
    }

    /// <summary>Only <c>global</c>, counting every type.</summary>
    public static BoardSet GlobalOnly { get; } = new([], new Dictionary<string, IReadOnlyList<Season>>(), new HashSet<string>());

    public IReadOnlyList<BoardDefinition> Boards { get; }

    /// <summary>Action types the catalog marks <c>global: false</c>.</summary>
    public IReadOnlySet<string> NotOnGlobal { get; }

    public BoardDefinition? Find(string id) => _byId.GetValueOrDefault(id);

    public IReadOnlyList<Season> SeasonsOf(string boardId) => _seasons.GetValueOrDefault(boardId) ?? NoSeasons;
}
