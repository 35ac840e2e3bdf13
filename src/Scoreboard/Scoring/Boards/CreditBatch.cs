namespace Scoreboard.Scoring.Boards;

/// <summary>A credit already in the ledger: its event, and its user's current global standing.</summary>
public sealed record StoredCredit(ScoreEvent Event, Standing? OwnerStanding);

/// <summary>
/// What a store read, under its locks, before deciding a batch: earlier events with the batch's action ids, the
/// users' stored names, their standings on every (board, period) the batch touches (global's under
/// <see cref="BoardPeriod.Global"/>), and event ids reserved for the batch, rising, at least one per credit.
/// </summary>
public sealed record BatchRead(
    IReadOnlyDictionary<(string Scope, string ActionId), StoredCredit> Duplicates,
    IReadOnlyDictionary<string, string?> Names,
    IReadOnlyDictionary<(BoardPeriod Board, string UserId), BoardStanding> Standings,
    IReadOnlyList<long> EventIds);

/// <summary>A ledger event to insert, with the credit it records.</summary>
public sealed record PlannedEvent(Credit Credit, ScoreEvent Event);

/// <summary>
/// What a store writes for a batch: events, the final standing of each (board, period, user) touched, display names
/// that changed, entry metadata (last write wins), and one outcome per credit.
/// </summary>
public sealed record BatchPlan(
    IReadOnlyList<CreditOutcome> Outcomes,
    IReadOnlyList<PlannedEvent> Events,
    IReadOnlyList<BoardStanding> Standings,
    IReadOnlyDictionary<string, string> Names,
    IReadOnlyDictionary<string, string> Metadata);

/// <summary>The credit rule over a batch, in order: a credit sees the standings the credits before it left.</summary>
public static class CreditBatch
{
    /// <summary>The standings a batch may touch, (board, period, user): what a store reads before <see cref="Decide"/>.</summary>
    public static IReadOnlyList<(BoardPeriod Board, string UserId)> Touched(IReadOnlyList<Credit> credits, BoardSet boards, DateTimeOffset now) =>
        credits.SelectMany(c => BoardCredit.CountingBoards(c, boards, now).Select(b => (b.Key, c.UserId))).Distinct().ToList();

    public static BatchPlan Decide(IReadOnlyList<Credit> credits, BoardSet boards, DateTimeOffset now, BatchRead read)
    {
        var standings = new Dictionary<(BoardPeriod, string), BoardStanding>(read.Standings);
        var written = new Dictionary<(BoardPeriod, string), BoardStanding>();
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        var inBatch = new Dictionary<(string, string), int>();
        var events = new List<PlannedEvent>();
        var outcomes = new CreditOutcome?[credits.Count];
        var duplicateOf = new Dictionary<int, int>();
        var nextId = 0;

        for (var i = 0; i < credits.Count; i++)
        {
            var credit = credits[i];
            var key = (credit.Scope, credit.ActionId);
            if (read.Duplicates.TryGetValue(key, out var stored))
            {
                // Completed after the batch, so the owner's standing is the one the batch leaves.
                duplicateOf[i] = -1;
                continue;
            }

            if (inBatch.TryGetValue(key, out var first))
            {
                duplicateOf[i] = first;
                continue;
            }

            var user = credit.UserId;
            var counting = BoardCredit.CountingBoards(credit, boards, now);
            var decision = BoardCredit.Decide(user, credit.Points, read.EventIds[nextId], now, counting, b => standings.GetValueOrDefault((b, user)));
            var name = credit.DisplayName ?? names.GetValueOrDefault(user) ?? read.Names.GetValueOrDefault(user);
            var global = standings.GetValueOrDefault((BoardPeriod.Global, user));
            if (decision.WouldOverflow)
            {
                outcomes[i] = new CreditOutcome(CreditStatus.WouldOverflow, null, global?.ToStanding(name));
                continue;
            }

            var eventId = read.EventIds[nextId++];
            foreach (var standing in decision.Next)
            {
                standings[(standing.Board, user)] = standing;
                written[(standing.Board, user)] = standing;
            }

            var after = standings.GetValueOrDefault((BoardPeriod.Global, user));
            var (before, total) = (global?.Score ?? 0, after?.Score ?? 0);
            var applied = new ScoreEvent(eventId, credit.ActionId, user, credit.ActionType, credit.Points, before, total,
                credit.Reason, credit.Source, credit.Caller, credit.Ip, credit.UserAgent, credit.RequestHash, now);
            events.Add(new PlannedEvent(credit, applied));
            inBatch[key] = i;
            if (credit.DisplayName is { } newName && newName != (names.GetValueOrDefault(user) ?? read.Names.GetValueOrDefault(user)))
            {
                names[user] = newName;
            }

            if (credit.Metadata is { } entry)
            {
                metadata[user] = entry;
            }

            // A credit global does not count still answers with the user's global standing, unchanged.
            var standingNow = (after ?? new BoardStanding(BoardPeriod.Global, user, 0, eventId, 0, now)).ToStanding(name);
            outcomes[i] = new CreditOutcome(CreditStatus.Applied, applied, standingNow) { Boards = decision.Changed };
        }

        foreach (var (index, first) in duplicateOf)
        {
            var credit = credits[index];
            var original = first >= 0 ? outcomes[first]!.Event! : read.Duplicates[(credit.Scope, credit.ActionId)].Event;
            var owner = original.UserId;
            var ownerName = names.GetValueOrDefault(owner) ?? read.Names.GetValueOrDefault(owner);
            var standing = standings.TryGetValue((BoardPeriod.Global, owner), out var own)
                ? own.ToStanding(ownerName ?? read.Duplicates.GetValueOrDefault((credit.Scope, credit.ActionId))?.OwnerStanding?.DisplayName)
                : read.Duplicates.GetValueOrDefault((credit.Scope, credit.ActionId))?.OwnerStanding;
            outcomes[index] = new CreditOutcome(CreditStatus.Duplicate, original, standing);
        }

        return new BatchPlan(outcomes!, events, written.Values.ToList(), names, metadata);
    }
}
