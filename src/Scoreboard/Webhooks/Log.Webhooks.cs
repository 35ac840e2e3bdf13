namespace Scoreboard.Diagnostics;

/// <summary>Log lines of webhooks (event ids 1300–1309).</summary>
internal static partial class Log
{
    [LoggerMessage(1300, LogLevel.Warning, "Webhook delivery {DeliveryId} failed (attempt {Attempt}): {Error}")]
    public static partial void WebhookAttemptFailed(ILogger logger, long deliveryId, int attempt, string error);

    [LoggerMessage(1301, LogLevel.Warning, "Webhook delivery {DeliveryId} is dead-lettered after {Attempts} attempts: {Error}")]
    public static partial void WebhookDeadLettered(ILogger logger, long deliveryId, int attempts, string error);

    [LoggerMessage(1302, LogLevel.Warning, "The webhook dispatcher could not reach the store; it retries at its next tick")]
    public static partial void WebhookDispatchFailed(ILogger logger, Exception exception);

    [LoggerMessage(1303, LogLevel.Information, "Period {PeriodKey} of board {BoardId} ended; period.ended queued as {EventId}")]
    public static partial void WebhookPeriodEnded(ILogger logger, string boardId, string periodKey, string eventId);

    [LoggerMessage(1304, LogLevel.Information, "Webhook subscription {SubscriptionId} {Change} through the admin API")]
    public static partial void WebhookSubscriptionChanged(ILogger logger, string subscriptionId, string change);
}
