using System.Text.Json;
using Microsoft.Extensions.Options;
using Scoreboard.Diagnostics;
using Scoreboard.Storage;

namespace Scoreboard.Security.AntiCheat;

/// <summary>
/// Watches applied user credits, flags anomalies into <c>suspicious_activity</c> and, when configured, holds a
/// flagged user's credits until an admin clears the flag. The window is kept in memory per instance.
/// </summary>
public sealed class AnomalyMonitor(IFlagStore flags, IOptions<AnomalyOptions> options, TimeProvider clock, ILogger<AnomalyMonitor> logger)
{
    private readonly Lock _gate = new();
    private readonly Queue<(long At, string User, long Points)> _window = new();
    private readonly Dictionary<string, long> _gains = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<long>> _times = new(StringComparer.Ordinal);
    private volatile HashSet<string>? _held;

    /// <summary>True when the user's credits are refused pending review.</summary>
    public async ValueTask<bool> IsFrozenAsync(string userId, CancellationToken cancellationToken) =>
        options.Value.FreezeFlagged && (await HeldAsync(cancellationToken)).Contains(userId);

    /// <summary>Records an applied credit; flags the user when the activity looks automated or outsized.</summary>
    public async Task ObserveAsync(string userId, long points, CancellationToken cancellationToken)
    {
        var o = options.Value;
        if (!o.Enabled)
        {
            return;
        }

        List<Anomaly> found;
        lock (_gate)
        {
            var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
            Expire(now - (o.WindowSeconds * 1000L));
            _window.Enqueue((now, userId, points));
            _gains[userId] = _gains.GetValueOrDefault(userId) + points;
            var times = _times.TryGetValue(userId, out var list) ? list : _times[userId] = [];
            times.Add(now);
            if (times.Count > o.RegularCount + 1)
            {
                times.RemoveAt(0);
            }

            var others = _gains.Where(g => g.Key != userId).Select(g => g.Value).ToList();
            found = AnomalyRules.Check(_gains[userId], others, times, o).ToList();
        }

        var held = await HeldAsync(cancellationToken);
        if (found.Count == 0 || held.Contains(userId))
        {
            return;
        }

        var details = JsonSerializer.Serialize(found.ToDictionary(a => a.Reason, a => a.Details), AntiCheatJson.Default.DictionaryStringIReadOnlyDictionaryStringDouble);
        var reason = string.Join(',', found.Select(a => a.Reason));
        await flags.AddFlagAsync(userId, reason, details, cancellationToken);
        lock (_gate)
        {
            // Copy on write: readers check the set without taking the lock.
            _held = new HashSet<string>(_held ?? [], StringComparer.Ordinal) { userId };
        }

        Log.UserFlagged(logger, userId, reason, details);
    }

    /// <summary>Re-reads who is held, after an admin cleared or confirmed a flag.</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        var users = await flags.ReadHeldUsersAsync(cancellationToken);
        lock (_gate)
        {
            _held = new HashSet<string>(users, StringComparer.Ordinal);
        }
    }

    private async ValueTask<HashSet<string>> HeldAsync(CancellationToken cancellationToken)
    {
        if (_held is null)
        {
            await RefreshAsync(cancellationToken);
        }

        return _held!;
    }

    private void Expire(long before)
    {
        while (_window.TryPeek(out var oldest) && oldest.At < before)
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

[System.Text.Json.Serialization.JsonSerializable(typeof(Dictionary<string, IReadOnlyDictionary<string, double>>))]
internal sealed partial class AntiCheatJson : System.Text.Json.Serialization.JsonSerializerContext;
