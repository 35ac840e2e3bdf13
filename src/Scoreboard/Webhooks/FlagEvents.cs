using System.Data.Common;
using System.Text.Json.Nodes;
using Scoreboard.Storage;

namespace Scoreboard.Webhooks;

/// <summary>The <c>suspicious_activity.flagged</c> event, queued in the transaction that writes the flag.</summary>
public static class FlagEvents
{
    public static Task<string?> EnqueueAsync(DbTransaction transaction, SuspicionFlag flag, CancellationToken cancellationToken) =>
        WebhookOutbox.EnqueueAsync(transaction, WebhookRules.SuspiciousActivityFlagged, new JsonObject
        {
            ["flagId"] = flag.Id,
            ["userId"] = flag.UserId,
            ["reason"] = flag.Reason,
            ["details"] = JsonNode.Parse(flag.Details),
            ["status"] = flag.Status,
            ["createdAt"] = WebhookOutbox.Timestamp(flag.CreatedAt),
        }, cancellationToken);
}
