namespace Scoreboard.IntegrationTests.Distributed.History;

/// <summary>
/// Judges a history of credits against what the store, the Redis index and the live clients hold at its end, in the
/// manner of Jepsen's counter checker. A pure function: it returns every violation it finds, empty when there is none.
/// </summary>
public static class HistoryChecker
{
    public static IReadOnlyList<string> Check(HistoryFacts facts)
    {
        var problems = new List<string>();
        var rows = facts.Ledger.GroupBy(r => r.ActionId).ToDictionary(g => g.Key, g => g.ToList());
        var credits = facts.Attempts.GroupBy(a => a.ActionId).ToList();
        var bounds = new Dictionary<string, (long Low, long High)>();
        foreach (var credit in credits)
        {
            CheckCredit(credit.Key, credit.ToList(), rows.GetValueOrDefault(credit.Key) ?? [], facts.PointsPerCredit, problems, bounds);
        }

        var sent = credits.Select(c => c.Key).ToHashSet();
        problems.AddRange(rows.Keys.Where(a => !sent.Contains(a)).Select(a => $"the ledger holds {a}, which no client sent"));
        CheckTotals(facts.Totals, bounds, problems);

        if (!facts.IndexRanking.SequenceEqual(facts.StoreRanking))
        {
            problems.Add($"the Redis index differs from the store's ranking: {FirstDifference(facts.StoreRanking, facts.IndexRanking)}");
        }

        for (var i = 0; i < facts.LiveBoards.Count; i++)
        {
            if (facts.LiveBoards[i] is not { } board)
            {
                problems.Add($"live client {i} never received a board");
            }
            else if (!board.SequenceEqual(facts.StoreTop))
            {
                problems.Add($"live client {i} shows [{string.Join(", ", board)}] but the store's top is [{string.Join(", ", facts.StoreTop)}]");
            }
        }

        return problems;
    }

    /// <summary>Acknowledged: exactly once; refused: never; unknown: at most once; always to the credit's user, with its points.</summary>
    private static void CheckCredit(string actionId, List<Attempt> attempts, List<LedgerRow> rows, long points,
        List<string> problems, Dictionary<string, (long Low, long High)> bounds)
    {
        var user = attempts[0].UserId;
        if (attempts.Any(a => a.UserId != user))
        {
            problems.Add($"{actionId} was sent for more than one user; the history is malformed");
        }

        var acknowledged = attempts.Any(a => a.Outcome == Outcome.Ok);
        var refused = attempts.All(a => a.Outcome == Outcome.Refused);
        if (acknowledged && rows.Count != 1)
        {
            problems.Add($"acknowledged credit {actionId} is in the ledger {rows.Count} times");
        }
        else if (refused && rows.Count != 0)
        {
            problems.Add($"refused credit {actionId} ({attempts[0].Detail}) is in the ledger");
        }
        else if (rows.Count > 1)
        {
            problems.Add($"unknown credit {actionId} is in the ledger {rows.Count} times");
        }

        if (attempts.Count(a => a.Applied == true) > 1)
        {
            problems.Add($"{attempts.Count(a => a.Applied == true)} attempts of {actionId} were told applied:true");
        }

        if (attempts.FirstOrDefault(a => a.Applied == true && a.Delta != points) is { } wrongDelta)
        {
            problems.Add($"{actionId} was acknowledged with delta {wrongDelta.Delta}, not {points}");
        }

        problems.AddRange(rows.Where(r => r.UserId != user).Select(r => $"{actionId}, sent for {user}, credited {r.UserId}"));
        problems.AddRange(rows.Where(r => r.Points != points).Select(r => $"{actionId} is in the ledger with {r.Points} points, not {points}"));

        var (low, high) = bounds.GetValueOrDefault(user);
        bounds[user] = (low + (acknowledged ? points : 0), high + (refused ? 0 : points));
    }

    /// <summary>Each stored total equals the ledger's sum, and lies between the acknowledged and the possible credits.</summary>
    private static void CheckTotals(IReadOnlyList<UserTotal> totals, Dictionary<string, (long Low, long High)> bounds, List<string> problems)
    {
        problems.AddRange(totals.Where(t => t.Stored != t.LedgerSum)
            .Select(t => $"{t.UserId}'s total is {t.Stored?.ToString() ?? "missing"} but the ledger sums to {t.LedgerSum?.ToString() ?? "nothing"}"));
        var stored = totals.ToDictionary(t => t.UserId, t => t.Stored ?? 0);
        foreach (var (user, (low, high)) in bounds)
        {
            var total = stored.GetValueOrDefault(user);
            if (total < low || total > high)
            {
                problems.Add($"{user}'s total {total} is outside [{low}, {high}] (acknowledged … possible credits)");
            }
        }
    }

    private static string FirstDifference(IReadOnlyList<string> expected, IReadOnlyList<string> actual)
    {
        var i = 0;
        while (i < expected.Count && i < actual.Count && expected[i] == actual[i])
        {
            i++;
        }

        return $"at rank {i + 1} the store has {(i < expected.Count ? expected[i] : "nothing")}, the index {(i < actual.Count ? actual[i] : "nothing")} " +
            $"({expected.Count} vs {actual.Count} users)";
    }
}
