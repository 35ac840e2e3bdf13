namespace Scoreboard.Diagnostics;

/// <summary>
/// Credit latencies of the current second as counts in fixed log-scale buckets (10 % wide, 0.1 ms to about 20 min), so
/// recording is one lock-free increment and memory stays the same whatever the traffic; a percentile is read to within
/// a bucket's width.
/// </summary>
public sealed class LatencyWindow
{
    private const double Smallest = 0.0001;
    private const int Buckets = 170;
    private static readonly double Growth = Math.Log(1.1);

    private readonly long[] _counts = new long[Buckets];

    public void Record(double seconds) => Interlocked.Increment(ref _counts[Bucket(seconds)]);

    /// <summary>The 95th percentile of what was recorded since the last call, in milliseconds (the bucket's upper edge), and starts afresh.</summary>
    public double? TakeP95Milliseconds()
    {
        var taken = new long[Buckets];
        long total = 0;
        for (var i = 0; i < Buckets; i++)
        {
            taken[i] = Interlocked.Exchange(ref _counts[i], 0);
            total += taken[i];
        }

        return total == 0 ? null : UpperEdge(Rank(taken, (long)Math.Ceiling(total * 0.95))) * 1000;
    }

    /// <summary>The bucket holding the <paramref name="rank"/>-th smallest value.</summary>
    public static int Rank(long[] counts, long rank)
    {
        long seen = 0;
        for (var i = 0; i < counts.Length; i++)
        {
            seen += counts[i];
            if (seen >= rank)
            {
                return i;
            }
        }

        return counts.Length - 1;
    }

    public static int Bucket(double seconds) =>
        seconds <= Smallest || double.IsNaN(seconds) ? 0 : (int)Math.Min(Buckets - 1, Math.Ceiling(Math.Log(seconds / Smallest) / Growth));

    public static double UpperEdge(int bucket) => Smallest * Math.Exp(bucket * Growth);
}
