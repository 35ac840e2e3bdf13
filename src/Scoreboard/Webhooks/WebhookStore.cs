using System.Data.Common;
using System.Globalization;
using Scoreboard.Storage;

namespace Scoreboard.Webhooks;

/// <summary>A subscription as the API shows it: never its secret.</summary>
public sealed record WebhookSubscription(string Id, string Url, IReadOnlyList<string> Events, DateTimeOffset CreatedAt);

/// <summary>One delivery of one event to one subscription, as the API shows it.</summary>
public sealed record WebhookDelivery(
    long Id, string EventId, string Type, string Status, int Attempts, DateTimeOffset? NextAttemptAt, int? LastStatus, string? LastError,
    DateTimeOffset CreatedAt, DateTimeOffset? DeliveredAt);

/// <summary>What a re-send found: done, no such delivery, or one that is not dead.</summary>
public enum RetryOutcome
{
    Queued,
    NotFound,
    NotDead,
}

/// <summary>
/// Subscriptions and their deliveries in the store. The SQL is the same on SQLite and PostgreSQL (their 0006 schemas
/// mirror each other), so one class serves both over whichever connection the store opens.
/// </summary>
public sealed class WebhookStore(Func<CancellationToken, Task<DbConnection>> open)
{
    public const string Pending = "pending";
    public const string Delivered = "delivered";
    public const string Dead = "dead";

    /// <summary>Deliveries listed per subscription, newest first.</summary>
    public const int DeliveriesShown = 100;

    public Func<CancellationToken, Task<DbConnection>> Open => open;

    /// <summary>Stores a subscription unless <see cref="WebhookRules.MaxSubscriptions"/> exist; false when they do.</summary>
    public async Task<bool> AddAsync(string id, string url, IReadOnlyList<string> events, string secret, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await open(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // The count and the insert in one statement, so two admins at once cannot pass the bound together on SQLite;
        // PostgreSQL may, by one, which the bound tolerates.
        var added = await ExecuteAsync(connection, transaction, """
            INSERT INTO webhook_subscriptions (id, url, events, secret, created_at)
            SELECT $1, $2, $3, $4, $5 WHERE (SELECT count(*) FROM webhook_subscriptions) < $6
            """, cancellationToken, id, url, WebhookRules.StoredEvents(events), secret, now.ToUnixTimeMilliseconds(), (long)WebhookRules.MaxSubscriptions);
        await transaction.CommitAsync(cancellationToken);
        return added == 1;
    }

    public async Task<IReadOnlyList<WebhookSubscription>> ListAsync(string? id, CancellationToken cancellationToken)
    {
        await using var connection = await open(cancellationToken);
        await using var command = id is null
            ? BoardStore.Command(connection, null, "SELECT id, url, events, created_at FROM webhook_subscriptions ORDER BY created_at, id")
            : BoardStore.Command(connection, null, "SELECT id, url, events, created_at FROM webhook_subscriptions WHERE id = $1", id);
        return await LedgerRows.ReadAllAsync(command, r => new WebhookSubscription(
            r.GetString(0), r.GetString(1), WebhookRules.ReadEvents(r.GetString(2)), Time(r, 3)!.Value), cancellationToken);
    }

    /// <summary>Removes a subscription with its deliveries; false when there was none.</summary>
    public async Task<bool> DeleteAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await open(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await ExecuteAsync(connection, transaction, "DELETE FROM webhook_deliveries WHERE subscription_id = $1", cancellationToken, id);
        var deleted = await ExecuteAsync(connection, transaction, "DELETE FROM webhook_subscriptions WHERE id = $1", cancellationToken, id);
        await transaction.CommitAsync(cancellationToken);
        return deleted > 0;
    }

    public async Task<IReadOnlyList<WebhookDelivery>> DeliveriesAsync(string subscriptionId, string? status, CancellationToken cancellationToken)
    {
        await using var connection = await open(cancellationToken);
        await using var command = BoardStore.Command(connection, null, $"""
            SELECT d.id, d.event_id, e.type, d.status, d.attempts, d.next_attempt_at, d.last_status, d.last_error, d.created_at, d.delivered_at
            FROM webhook_deliveries d JOIN webhook_events e ON e.id = d.event_id
            WHERE d.subscription_id = $1 AND ($2 = '' OR d.status = $2) ORDER BY d.id DESC LIMIT {DeliveriesShown}
            """, subscriptionId, status ?? "");
        return await LedgerRows.ReadAllAsync(command, r => new WebhookDelivery(
            r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetInt32(4),
            r.GetString(3) == Pending ? Time(r, 5) : null, r.IsDBNull(6) ? null : r.GetInt32(6), r.IsDBNull(7) ? null : r.GetString(7),
            Time(r, 8)!.Value, Time(r, 9)), cancellationToken);
    }

    /// <summary>Sends a dead delivery again from its first attempt.</summary>
    public async Task<RetryOutcome> RetryAsync(string subscriptionId, long deliveryId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await open(cancellationToken);
        var queued = await ExecuteAsync(connection, null, """
            UPDATE webhook_deliveries SET status = 'pending', attempts = 0, next_attempt_at = $1, leased_until = NULL
            WHERE id = $2 AND subscription_id = $3 AND status = 'dead'
            """, cancellationToken, now.ToUnixTimeMilliseconds(), deliveryId, subscriptionId);
        if (queued > 0)
        {
            return RetryOutcome.Queued;
        }

        await using var exists = BoardStore.Command(connection, null, "SELECT count(*) FROM webhook_deliveries WHERE id = $1 AND subscription_id = $2", deliveryId, subscriptionId);
        return Convert.ToInt64(await exists.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture) > 0 ? RetryOutcome.NotDead : RetryOutcome.NotFound;
    }

    /// <summary>Removes finished deliveries, events nobody still needs and ended-period marks older than <paramref name="before"/>.</summary>
    public async Task PruneAsync(DateTimeOffset before, CancellationToken cancellationToken)
    {
        var cutoff = before.ToUnixTimeMilliseconds();
        await using var connection = await open(cancellationToken);
        await ExecuteAsync(connection, null, "DELETE FROM webhook_deliveries WHERE status <> 'pending' AND created_at < $1", cancellationToken, cutoff);
        await ExecuteAsync(connection, null, """
            DELETE FROM webhook_events WHERE created_at < $1 AND NOT EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.event_id = webhook_events.id)
            """, cancellationToken, cutoff);
        await ExecuteAsync(connection, null, "DELETE FROM webhook_periods WHERE ended_at < $1", cancellationToken, cutoff);
    }

    internal static async Task<int> ExecuteAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken, params object[] values)
    {
        await using var command = BoardStore.Command(connection, transaction, sql, values);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    internal static DateTimeOffset? Time(DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(ordinal));
}
