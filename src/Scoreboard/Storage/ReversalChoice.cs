namespace Scoreboard.Storage;

/// <summary>
/// Which of a user's credits a reversal takes back: the chosen ledger events, every credit committed at or after a
/// time, or (neither given) all of them. Credits reversed before, and other users' event ids, are never taken.
/// </summary>
public sealed record ReversalChoice(IReadOnlyList<long>? EventIds, DateTimeOffset? Since)
{
    /// <summary>The most events one reversal may name, so a request stays bounded.</summary>
    public const int MaxEventIds = 1_000;

    public static ReversalChoice All { get; } = new(null, null);

    public bool IsAll => EventIds is null && Since is null;

    /// <summary>The chosen ids as a JSON array (SQLite's <c>json_each</c> reads it); empty when none are chosen.</summary>
    public string IdsJson => "[" + string.Join(',', EventIds ?? []) + "]";

    public long[] Ids => [.. EventIds ?? []];

    /// <summary>The since time in unix milliseconds; never reached when no time is given.</summary>
    public long SinceMs => Since?.ToUnixTimeMilliseconds() ?? long.MaxValue;
}
