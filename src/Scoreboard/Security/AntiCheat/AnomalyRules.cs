namespace Scoreboard.Security.AntiCheat;

/// <summary>A reason to flag, with the numbers that made it.</summary>
public sealed record Anomaly(string Reason, IReadOnlyDictionary<string, double> Details);

/// <summary>The anomaly checks as pure functions of the recent activity, so tests call them directly.</summary>
public static class AnomalyRules
{
    public const string GrowthRate = "GROWTH_RATE";
    public const string Outlier = "Z_SCORE_OUTLIER";
    public const string RegularIntervals = "MACHINE_REGULAR_INTERVALS";

    /// <param name="gain">The user's points in the window.</param>
    /// <param name="others">Every other active user's points in the same window.</param>
    public static IEnumerable<Anomaly> Check(long gain, IReadOnlyList<long> others, IReadOnlyList<long> recentTimesMs, AnomalyOptions o)
    {
        var average = others.Count == 0 ? 0 : others.Average();
        if (gain >= o.MinPoints && gain >= o.GrowthFactor * average)
        {
            yield return new(GrowthRate, new Dictionary<string, double> { ["gain"] = gain, ["othersAverage"] = average, ["factor"] = o.GrowthFactor });
        }

        if (others.Count + 1 >= o.MinPopulation && ZScore(gain, others) is { } z && z >= o.ZScore)
        {
            yield return new(Outlier, new Dictionary<string, double> { ["gain"] = gain, ["zScore"] = z, ["population"] = others.Count + 1 });
        }

        if (IntervalVariation(recentTimesMs, o.RegularCount) is { } cv && cv <= o.RegularMaxVariation)
        {
            yield return new(RegularIntervals, new Dictionary<string, double> { ["credits"] = o.RegularCount, ["variation"] = cv });
        }
    }

    /// <summary>How many standard deviations <paramref name="gain"/> is above the mean of everyone (the user included).</summary>
    public static double? ZScore(long gain, IReadOnlyList<long> others)
    {
        var n = others.Count + 1;
        var mean = (others.Sum(v => (double)v) + gain) / n;
        var variance = (others.Sum(v => (v - mean) * (v - mean)) + ((gain - mean) * (gain - mean))) / n;
        return variance <= 0 ? null : (gain - mean) / Math.Sqrt(variance);
    }

    /// <summary>Coefficient of variation of the last <paramref name="count"/> intervals; null when there are fewer.</summary>
    public static double? IntervalVariation(IReadOnlyList<long> timesMs, int count)
    {
        if (timesMs.Count < count + 1)
        {
            return null;
        }

        var intervals = Enumerable.Range(timesMs.Count - count, count).Select(i => (double)(timesMs[i] - timesMs[i - 1])).ToList();
        var mean = intervals.Average();
        if (mean <= 0)
        {
            return 0;
        }

        var variance = intervals.Sum(v => (v - mean) * (v - mean)) / count;
        return Math.Sqrt(variance) / mean;
    }
}
