using System.Data.Common;
using Microsoft.Data.Sqlite;
using Scoreboard.Storage;

namespace Scoreboard.Webhooks;

/// <summary>A delivery a dispatcher claimed: what to send, where, and the lease that makes it this dispatcher's.</summary>
public sealed record ClaimedDelivery(long Id, int Attempts, long LeasedUntil, string Url, string Secret, string Body);

/// <summary>
/// The due deliveries, claimed with a lease so that several instances never send the same one at the same time: on
/// PostgreSQL the claim skips rows another instance is claiming (<c>FOR UPDATE SKIP LOCKED</c>); SQLite has one
/// writer and one server per data folder. A dispatcher that dies mid-send leaves the lease to run out, and the
/// delivery is sent again: at least once.
/// </summary>
public sealed class WebhookQueue(WebhookStore store)
{
    public async Task<IReadOnlyList<ClaimedDelivery>> ClaimAsync(int limit, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken)
    {
        await using var connection = await store.Open(cancellationToken);
        var lockClause = connection is SqliteConnection ? "" : "FOR UPDATE SKIP LOCKED";
        var at = now.ToUnixTimeMilliseconds();
        var until = at + (long)lease.TotalMilliseconds;
        // A read first, so an idle instance does not take the write lock every tick.
        await using (var due = BoardStore.Command(connection, null, """
            SELECT count(*) FROM (SELECT 1 FROM webhook_deliveries WHERE status = 'pending' AND next_attempt_at <= $1 LIMIT 1) AS due
            """, at))
        {
            if (Convert.ToInt64(await due.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture) == 0)
            {
                return [];
            }
        }

        await using var claim = BoardStore.Command(connection, null, $"""
            UPDATE webhook_deliveries SET leased_until = $1
            WHERE id IN (SELECT id FROM webhook_deliveries
                WHERE status = 'pending' AND next_attempt_at <= $2 AND (leased_until IS NULL OR leased_until <= $2)
                ORDER BY next_attempt_at LIMIT {limit} {lockClause})
            RETURNING id
            """, until, at);
        var ids = await LedgerRows.ReadAllAsync(claim, r => r.GetInt64(0), cancellationToken);
        if (ids.Count == 0)
        {
            return [];
        }

        var placeholders = string.Join(", ", ids.Select((_, i) => $"${i + 2}"));
        await using var read = BoardStore.Command(connection, null, $"""
            SELECT d.id, d.attempts, s.url, s.secret, e.body FROM webhook_deliveries d
            JOIN webhook_subscriptions s ON s.id = d.subscription_id JOIN webhook_events e ON e.id = d.event_id
            WHERE d.leased_until = $1 AND d.id IN ({placeholders})
            """, [until, .. ids.Cast<object>()]);
        return await LedgerRows.ReadAllAsync(read, r => new ClaimedDelivery(r.GetInt64(0), r.GetInt32(1), until, r.GetString(2), r.GetString(3), r.GetString(4)),
            cancellationToken);
    }

    /// <summary>Records an attempt's outcome, if the claim is still this dispatcher's (its lease did not run out meanwhile).</summary>
    public async Task RecordAsync(ClaimedDelivery delivery, int? httpStatus, string? error, DateTimeOffset now, WebhookOptions options, CancellationToken cancellationToken)
    {
        var attempts = delivery.Attempts + 1;
        var delivered = error is null;
        var status = delivered ? WebhookStore.Delivered : attempts >= options.MaxAttempts ? WebhookStore.Dead : WebhookStore.Pending;
        var next = now + WebhookRules.Backoff(attempts, options);
        await using var connection = await store.Open(cancellationToken);
        await WebhookStore.ExecuteAsync(connection, null, """
            UPDATE webhook_deliveries SET status = $1, attempts = $2, next_attempt_at = $3, leased_until = NULL, last_status = $4, last_error = $5,
                delivered_at = $6
            WHERE id = $7 AND leased_until = $8
            """, cancellationToken, status, attempts, next.ToUnixTimeMilliseconds(), (object?)httpStatus ?? DBNull.Value, (object?)error ?? DBNull.Value,
            delivered ? now.ToUnixTimeMilliseconds() : DBNull.Value, delivery.Id, delivery.LeasedUntil);
    }
}
