using System.Text.Json;
using Microsoft.Extensions.Options;
using Scoreboard.Diagnostics;
using Scoreboard.Storage;

namespace Scoreboard.Security.AntiCheat;

/// <summary>
/// Watches applied user credits, flags anomalies into <c>suspicious_activity</c> and, when configured, holds a
/// flagged user's credits until an admin clears the flag. Who is held is read from the store, the only place it is
/// kept, so it survives anything that happens to Redis; each instance re-checks the store's flag revision at least
/// every <see cref="Recheck"/>, so a freeze decided on one instance holds on all of them within a second.
/// </summary>
public sealed class AnomalyMonitor(IFlagStore flags, IAnomalyWindow window, IOptions<AnomalyOptions> options, TimeProvider clock, ILogger<AnomalyMonitor> logger,
    Diagnostics.ScoreboardMetrics metrics)
{
    /// <summary>How old the held list may get before a credit waits for a fresh look at the store.</summary>
    public static readonly TimeSpan Recheck = TimeSpan.FromMilliseconds(400);

    private readonly SemaphoreSlim _refresh = new(1, 1);
    private volatile Held? _held;

    /// <summary>True when the user's credits are refused pending review.</summary>
    public async ValueTask<bool> IsFrozenAsync(string userId, CancellationToken cancellationToken) =>
        options.Value.FreezeFlagged && (await HeldAsync(cancellationToken)).Users.Contains(userId);

    /// <summary>
    /// Records an applied credit; flags the user when the activity looks automated or outsized. Never fails: the credit
    /// is committed by then, and answering an error would tell the client it was not.
    /// </summary>
    public async Task ObserveAsync(string userId, long points, CancellationToken cancellationToken)
    {
        if (!options.Value.Enabled)
        {
            return;
        }

        try
        {
            await WatchAsync(userId, points, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.AnomalyWatchFailed(logger, userId, ex);
        }
    }

    /// <summary>Re-reads who is held, after an admin cleared or confirmed a flag.</summary>
    public Task RefreshAsync(CancellationToken cancellationToken) => ReadAsync(force: true, cancellationToken);

    private async Task WatchAsync(string userId, long points, CancellationToken cancellationToken)
    {
        var o = options.Value;
        var activity = await window.RecordAsync(userId, points);
        var found = AnomalyRules.Check(activity.Gain, activity.Others, activity.Times, o).ToList();
        if (found.Count == 0 || (await HeldAsync(cancellationToken)).Users.Contains(userId))
        {
            return;
        }

        var details = JsonSerializer.Serialize(found.ToDictionary(a => a.Reason, a => a.Details), AntiCheatJson.Default.DictionaryStringIReadOnlyDictionaryStringDouble);
        var reason = string.Join(',', found.Select(a => a.Reason));
        await flags.AddFlagAsync(userId, reason, details, cancellationToken);
        // This instance holds the user at once; the others see the flag at their next look at the store.
        var held = _held!;
        _held = held with { Users = new HashSet<string>(held.Users, StringComparer.Ordinal) { userId } };
        Log.UserFlagged(logger, userId, reason, details);
        metrics.Flagged(reason);
    }

    private async ValueTask<Held> HeldAsync(CancellationToken cancellationToken)
    {
        if (_held is { } held && !Stale(held))
        {
            return held;
        }

        await ReadAsync(force: false, cancellationToken);
        return _held!;
    }

    private bool Stale(Held held) => clock.GetUtcNow() - held.CheckedAt >= Recheck;

    // One request looks at the store while the others wait for its answer, so none acts on a list older than Recheck.
    private async Task ReadAsync(bool force, CancellationToken cancellationToken)
    {
        await _refresh.WaitAsync(cancellationToken);
        try
        {
            var held = _held;
            if (!force && held is not null && !Stale(held))
            {
                return;
            }

            var checkedAt = clock.GetUtcNow();
            // The revision is read first: a change after it moves it again and is picked up at the next look.
            var revision = await flags.ReadFlagRevisionAsync(cancellationToken);
            var users = force || held is null || held.Revision != revision
                ? new HashSet<string>(await flags.ReadHeldUsersAsync(cancellationToken), StringComparer.Ordinal)
                : held.Users;
            _held = new Held(users, revision, checkedAt);
        }
        finally
        {
            _refresh.Release();
        }
    }

    private sealed record Held(HashSet<string> Users, long Revision, DateTimeOffset CheckedAt);
}

[System.Text.Json.Serialization.JsonSerializable(typeof(Dictionary<string, IReadOnlyDictionary<string, double>>))]
internal sealed partial class AntiCheatJson : System.Text.Json.Serialization.JsonSerializerContext;
