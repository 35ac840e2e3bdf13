using System.Data.Common;
using System.Globalization;
using System.Text.Json.Nodes;
using Scoreboard.Storage;

namespace Scoreboard.Webhooks;

/// <summary>
/// Writes a webhook event into the outbox inside the caller's transaction, on SQLite or PostgreSQL alike: the event
/// commits with its cause or not at all, and the dispatcher delivers it at least once after the commit.
/// </summary>
public static class WebhookOutbox
{
    /// <summary>
    /// Queues event <paramref name="type"/> (one of <see cref="WebhookRules.EventTypes"/>) with <paramref name="data"/>
    /// as its <c>data</c>, one delivery per subscription to the type, in <paramref name="transaction"/>. Returns the
    /// event's id, or null when no subscription wants the type (then nothing is written).
    /// </summary>
    public static async Task<string?> EnqueueAsync(DbTransaction transaction, string type, JsonObject data, CancellationToken cancellationToken)
    {
        if (!WebhookRules.EventTypes.Contains(type))
        {
            throw new ArgumentException($"'{type}' is not a webhook event type.", nameof(type));
        }

        var connection = transaction.Connection ?? throw new ArgumentException("The transaction has ended.", nameof(transaction));
        var pattern = $"%,{type},%";
        await using (var wanted = BoardStore.Command(connection, transaction, "SELECT count(*) FROM webhook_subscriptions WHERE events LIKE $1", pattern))
        {
            if (Convert.ToInt64(await wanted.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture) == 0)
            {
                return null;
            }
        }

        var now = DateTimeOffset.UtcNow;
        var id = "evt_" + Guid.CreateVersion7(now).ToString("N");
        var body = new JsonObject
        {
            ["id"] = id,
            ["type"] = type,
            ["createdAt"] = Timestamp(now),
            ["data"] = data,
        }.ToJsonString();

        var created = now.ToUnixTimeMilliseconds();
        await using (var insert = BoardStore.Command(connection, transaction,
            "INSERT INTO webhook_events (id, type, body, created_at) VALUES ($1, $2, $3, $4)", id, type, body, created))
        {
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var deliveries = BoardStore.Command(connection, transaction, """
            INSERT INTO webhook_deliveries (event_id, subscription_id, status, attempts, next_attempt_at, created_at)
            SELECT $1, id, 'pending', 0, $2, $2 FROM webhook_subscriptions WHERE events LIKE $3
            """, id, created, pattern))
        {
            await deliveries.ExecuteNonQueryAsync(cancellationToken);
        }

        return id;
    }

    /// <summary>
    /// For an erasure, in its transaction: replaces <paramref name="userId"/> wherever a queued or kept event names it
    /// (a flag, a period's top N) with <paramref name="replacement"/> (e.g. the ledger's pseudonym), so no event row
    /// keeps the id in the clear; later attempts send, and sign, the rewritten body. Call it before queuing
    /// <c>user.erased</c>, whose own body must name the user for receivers to act on. Returns the events rewritten.
    /// </summary>
    public static async Task<int> ForgetUserAsync(DbTransaction transaction, string userId, string replacement, CancellationToken cancellationToken)
    {
        var connection = transaction.Connection ?? throw new ArgumentException("The transaction has ended.", nameof(transaction));
        // The id as the event's JSON spells it, quotes included, so only whole values are replaced.
        var (from, to) = (JsonValue.Create(userId).ToJsonString(), JsonValue.Create(replacement).ToJsonString());
        var contains = connection is Microsoft.Data.Sqlite.SqliteConnection ? "instr(body, $1) > 0" : "strpos(body, $1) > 0";
        await using var rewrite = BoardStore.Command(connection, transaction, $"UPDATE webhook_events SET body = replace(body, $1, $2) WHERE {contains}", from, to);
        return await rewrite.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Instants in events as the API writes them: UTC, milliseconds, <c>Z</c>.</summary>
    public static string Timestamp(DateTimeOffset instant) =>
        instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
