using Microsoft.Extensions.Options;

namespace Scoreboard.Security.AntiCheat;

/// <summary>A user's activity in the anomaly window, just after a credit was recorded in it.</summary>
/// <param name="Times">The times (ms) of the user's latest credits, oldest first.</param>
public sealed record WindowActivity(long Gain, Population Others, IReadOnlyList<long> Times);

/// <summary>
/// The recent credits the anomaly rules look at: kept by this instance in embedded mode (<see cref="AnomalyWindow"/>),
/// in Redis for every instance together in distributed mode (<see cref="SharedAnomalyWindow"/>).
/// </summary>
public interface IAnomalyWindow
{
    ValueTask<WindowActivity> RecordAsync(string userId, long points);
}

/// <summary>The anomaly window in this instance's memory: embedded mode's, and distributed mode's fallback.</summary>
public sealed class AnomalyWindow(IOptions<AnomalyOptions> options, TimeProvider clock) : IAnomalyWindow
{
    /// <summary>The most credits the window holds; beyond it the oldest leave early, so a flood cannot grow memory.</summary>
    public const int MaxCredits = 100_000;

    private readonly Lock _gate = new();
    private readonly Queue<(long At, string User, long Points)> _window = new();
    private readonly Dictionary<string, long> _gains = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<long>> _times = new(StringComparer.Ordinal);

    public ValueTask<WindowActivity> RecordAsync(string userId, long points)
    {
        var o = options.Value;
        lock (_gate)
        {
            var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
            Expire(now - (o.WindowSeconds * 1000L), MaxCredits - 1);
            _window.Enqueue((now, userId, points));
            _gains[userId] = _gains.GetValueOrDefault(userId) + points;
            var times = _times.TryGetValue(userId, out var list) ? list : _times[userId] = [];
            times.Add(now);
            if (times.Count > o.RegularCount + 1)
            {
                times.RemoveAt(0);
            }

            var others = Population.Of(_gains.Where(g => g.Key != userId).Select(g => g.Value));
            return ValueTask.FromResult(new WindowActivity(_gains[userId], others, [.. times]));
        }
    }

    private void Expire(long before, int keep)
    {
        while (_window.TryPeek(out var oldest) && (oldest.At < before || _window.Count > keep))
        {
            _window.Dequeue();
            var left = _gains[oldest.User] - oldest.Points;
            if (left <= 0)
            {
                _gains.Remove(oldest.User);
                _times.Remove(oldest.User);
            }
            else
            {
                _gains[oldest.User] = left;
            }
        }
    }
}
