namespace Scoreboard.Security.AntiCheat;

/// <summary>A reason to flag, with the numbers that made it.</summary>
public sealed record Anomaly(string Reason, IReadOnlyDictionary<string, double> Details);

/// <summary>
/// The other active users' gains in the window, summarised: how many, their sum and their sum of squares. Enough for
/// the average and the z-score, and kept in Redis as three numbers however many users are active.
/// </summary>
public readonly record struct Population(long Count, double Sum, double Squares)
{
    public static Population Of(IEnumerable<long> gains) =>
        gains.Aggregate(new Population(0, 0, 0), (p, g) => new Population(p.Count + 1, p.Sum + g, p.Squares + ((double)g * g)));

    public double Average => Count == 0 ? 0 : Sum / Count;
}

/// <summary>The anomaly checks as pure functions of the recent activity, so tests call them directly.</summary>
public static class AnomalyRules
{
    public const string GrowthRate = "GROWTH_RATE";
    public const string Outlier = "Z_SCORE_OUTLIER";
    public const string RegularIntervals = "MACHINE_REGULAR_INTERVALS";

    /// <param name="gain">The user's points in the window.</param>
    /// <param name="others">Every other active user's points in the same window.</param>
    public static IEnumerable<Anomaly> Check(long gain, IReadOnlyList<long> others, IReadOnlyList<long> recentTimesMs, AnomalyOptions o) =>
        Check(gain, Population.Of(others), recentTimesMs, o);

    /// <param name="others">Every other active user's points in the window, summarised.</param>
    public static IEnumerable<Anomaly> Check(long gain, Population others, IReadOnlyList<long> recentTimesMs, AnomalyOptions o)
    {
        var average = others.Average;
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
    public static double? ZScore(long gain, IReadOnlyList<long> others) => ZScore(gain, Population.Of(others));

    public static double? ZScore(long gain, Population others)
    {
        var n = others.Count + 1;
        var mean = (others.Sum + gain) / n;
        // E[x²] − mean²; rounding can leave a hair below zero for equal gains, which means no spread at all.
        var variance = ((others.Squares + ((double)gain * gain)) / n) - (mean * mean);
        return variance <= 1e-9 * Math.Max(1, mean * mean) ? null : (gain - mean) / Math.Sqrt(variance);
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
