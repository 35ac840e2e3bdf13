namespace Scoreboard.Scoring;

/// <summary>What one completed action of a type is worth: fixed points, or an increment the caller may choose up to a maximum.</summary>
public sealed class ActionRule
{
    /// <summary>Fixed points; the caller cannot choose.</summary>
    public long? Points { get; set; }

    /// <summary>The caller may send an increment of 1…MaxPoints; none sent means MaxPoints.</summary>
    public long? MaxPoints { get; set; }

    /// <summary>Least time between two completions by one user (002's minDuration).</summary>
    public int MinIntervalMs { get; set; }

    /// <summary>False for values that mean nothing summed (e.g. lap times): the <c>global</c> board does not count them.</summary>
    public bool Global { get; set; } = true;
}

/// <summary>Why a catalog lookup refused a request.</summary>
public enum PointsRefusal
{
    None,
    UnknownActionType,
    PointsOutOfRange,
}

/// <summary>The action types the board knows, and the points each is worth. Points are never the caller's choice.</summary>
public sealed class ActionCatalog
{
    /// <summary>The type used by APIs whose requests name none (seeds 000 and 003).</summary>
    public const string DefaultType = "default";

    private readonly IReadOnlyDictionary<string, ActionRule> _rules;

    public ActionCatalog(IReadOnlyDictionary<string, ActionRule> rules)
    {
        _rules = rules;
    }

    public IEnumerable<string> Types => _rules.Keys;

    /// <summary>The types marked <c>global: false</c>.</summary>
    public IReadOnlySet<string> NotOnGlobal => _rules.Where(r => !r.Value.Global).Select(r => r.Key).ToHashSet(StringComparer.Ordinal);

    public ActionRule? Find(string actionType) => _rules.GetValueOrDefault(actionType);

    /// <summary>The points a credit of <paramref name="actionType"/> is worth, given the increment the caller asked for, if any.</summary>
    public (long Points, PointsRefusal Refusal) Resolve(string actionType, long? requested)
    {
        if (Find(actionType) is not { } rule)
        {
            return (0, PointsRefusal.UnknownActionType);
        }

        if (rule.Points is { } fixedPoints)
        {
            return requested is null || requested == fixedPoints
                ? (fixedPoints, PointsRefusal.None)
                : (0, PointsRefusal.PointsOutOfRange);
        }

        var max = rule.MaxPoints ?? 0;
        var points = requested ?? max;
        return points >= 1 && points <= max ? (points, PointsRefusal.None) : (0, PointsRefusal.PointsOutOfRange);
    }

    /// <summary>The catalog a fresh install starts with: seed 002's types, seed 004's fixed +10, seed 001's example, and a default.</summary>
    public static Dictionary<string, ActionRule> Defaults() => new(StringComparer.Ordinal)
    {
        ["TASK_COMPLETE"] = new() { MaxPoints = 50, MinIntervalMs = 5_000 },
        ["LEVEL_UP"] = new() { MaxPoints = 100, MinIntervalMs = 30_000 },
        ["ACHIEVEMENT"] = new() { MaxPoints = 200, MinIntervalMs = 1_000 },
        ["ACTION_COMPLETED"] = new() { Points = 10 },
        ["complete_level_5"] = new() { Points = 50 },
        [DefaultType] = new() { Points = 10 },
    };
}
