using System.Data.Common;
using System.Text.Json.Nodes;
using Scoreboard.Webhooks;
using static Scoreboard.Storage.BoardStore;

namespace Scoreboard.Privacy;

/// <summary>Erasure: one transaction that leaves no row with the user id in it, and every other user's rows as they were.</summary>
public sealed partial class PrivacyStore
{
    /// <summary>
    /// Erases <paramref name="userId"/>: ledger rows move to <paramref name="pseudonym"/> (their points, chain and totals of
    /// everyone else unchanged) without IP address or user agent; standings, flags, metadata and the users row go; the
    /// erasure is recorded by pseudonym. Null when the store holds nothing about the user and never erased them.
    /// </summary>
    public async Task<ErasureResult?> EraseAsync(string userId, string pseudonym, string caller, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await open(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        Task<int> Execute(string sql, params object[] values) => ExecuteAsync(connection, transaction, sql, cancellationToken, values);
        var at = now.ToUnixTimeMilliseconds();
        if (postgres)
        {
            // The users row is the per-user lock every credit takes (SQLite's transaction holds the one writer lock).
            await Execute("SELECT id FROM users WHERE id = $1 FOR UPDATE", userId);
        }

        var before = await ScalarAsync(connection, transaction, "SELECT count(*) FROM erasures WHERE pseudonym = $1", cancellationToken, pseudonym);
        var erasure = await ScalarAsync(connection, transaction,
            "INSERT INTO erasures (pseudonym, erased_at, erased_by, events) VALUES ($1, $2, $3, 0) RETURNING id", cancellationToken, pseudonym, at, caller);
        await Execute("""
            INSERT INTO users (id, username, created_at) SELECT $1, NULL, $2 WHERE EXISTS (SELECT 1 FROM score_events WHERE user_id = $3)
            ON CONFLICT (id) DO NOTHING
            """, pseudonym, at, userId);

        // The user's own action-id scope becomes this erasure's, so a later life of the same id (or a second erasure)
        // never meets these ids. Text a caller chose (action ids, reasons) may name the user: the id is replaced there too.
        var events = await Execute("""
            UPDATE score_events SET user_id = $2, ip = NULL, user_agent = NULL,
                caller_scope = CASE WHEN caller_scope = $3 THEN $4 ELSE caller_scope END,
                caller = CASE WHEN caller = $1 THEN $2 ELSE caller END,
                action_id = replace(action_id, $1, $2),
                reason = replace(reason, $1, $2)
            WHERE user_id = $1
            """, userId, pseudonym, "user:" + userId, $"erased:{erasure}");
        var standings = await Execute("DELETE FROM board_standings WHERE user_id = $1", userId)
            + await Execute("DELETE FROM user_scores WHERE user_id = $1", userId);
        var flags = await Execute("DELETE FROM suspicious_activity WHERE user_id = $1", userId);
        var metadata = await Execute("DELETE FROM user_metadata WHERE user_id = $1", userId);
        if (postgres)
        {
            await Execute("DELETE FROM rank_outbox WHERE user_id = $1", userId);
        }

        var users = await Execute("DELETE FROM users WHERE id = $1", userId);
        var held = events + standings + flags + metadata + users > 0;
        if (!held && before == 0)
        {
            await transaction.RollbackAsync(cancellationToken);
            return null;
        }

        await Execute("UPDATE erasures SET events = $1 WHERE id = $2", (long)events, erasure);
        var result = new ErasureResult(pseudonym, now, events, standings, flags, metadata > 0, AlreadyErased: !held);
        if (held)
        {
            await OnErasedInTransaction(transaction, userId, result, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return result;
    }

    /// <summary>
    /// Inside the erasure's transaction, before its commit: kept webhook events (flags, periods' top N) get the pseudonym
    /// in place of the id, and <c>user.erased</c> is queued, so the event exists exactly when the erasure does. That event
    /// names the user, since receivers must find them in their own systems; it is deleted with its deliveries (docs/privacy.md).
    /// </summary>
    private static async Task OnErasedInTransaction(DbTransaction transaction, string userId, ErasureResult erasure, CancellationToken cancellationToken)
    {
        await WebhookOutbox.ForgetUserAsync(transaction, userId, erasure.Pseudonym, cancellationToken);
        await WebhookOutbox.EnqueueAsync(transaction, WebhookRules.UserErased,
            new JsonObject { ["userId"] = userId, ["erasedAt"] = WebhookOutbox.Timestamp(erasure.ErasedAt) }, cancellationToken);
    }
}
