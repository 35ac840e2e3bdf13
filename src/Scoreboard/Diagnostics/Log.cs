namespace Scoreboard.Diagnostics;

/// <summary>Every log line the scoreboard writes, source-generated.</summary>
internal static partial class Log
{
    [LoggerMessage(700, LogLevel.Error, "Writes to the store fail ({Kind}): {Reason}. Nothing of those credits was applied; further failures of this kind are counted, not logged one by one")]
    public static partial void StoreWriteFailing(ILogger logger, string kind, string reason);

    [LoggerMessage(701, LogLevel.Error, "Writes to the store still fail: {Count} failures so far ({Kinds})")]
    public static partial void StoreWriteStillFailing(ILogger logger, long count, string kinds);

    [LoggerMessage(702, LogLevel.Information, "Writes to the store succeed again after {Count} failures ({Kinds})")]
    public static partial void StoreWriteRecovered(ILogger logger, long count, string kinds);

    [LoggerMessage(703, LogLevel.Warning, "The ledger queue holds its maximum of {Max} credits: further credits answer 503 until it drains")]
    public static partial void LedgerQueueFull(ILogger logger, int max);

    [LoggerMessage(704, LogLevel.Information, "The ledger queue has emptied; {Count} credits were refused while it was full")]
    public static partial void LedgerQueueDrained(ILogger logger, long count);

    [LoggerMessage(2, LogLevel.Information, "Rank index rebuilt from the store: {Users} users in {Milliseconds} ms")]
    public static partial void IndexRebuilt(ILogger logger, long users, long milliseconds);

    [LoggerMessage(3, LogLevel.Information, "Store ready at {Location}")]
    public static partial void StoreReady(ILogger logger, string location);

    [LoggerMessage(4, LogLevel.Warning, "No service key was configured, so one was generated for this data folder. It is shown once and only its hash is kept: {Key}")]
    public static partial void ServiceKeyGenerated(ILogger logger, string key);

    /// <summary>Every applied credit, at the level <c>Scoreboard:Logging:AppliedCredits</c> names; nothing is formatted below it.</summary>
    [LoggerMessage(EventId = 5, Message = "Score updated: credit {ActionId} for {UserId}, {ActionType} +{ScoreIncrement} → {NewScore} (caller {Caller}, {Source}, {Duration} ms)")]
    public static partial void CreditApplied(
        ILogger logger, LogLevel level, string actionId, string userId, string actionType, long scoreIncrement, long newScore, string caller, string source, long duration);

    /// <summary>An Engine.IO sid is the session's only credential, so the line carries a fingerprint of it, never the id.</summary>
    public static void LiveConnectionReaped(ILogger logger, string kind, string id) =>
        LiveConnectionReapedAs(logger, kind, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(id)))[..8]);

    [LoggerMessage(100, LogLevel.Information, "Live connection {Kind} #{Fingerprint} reaped: its client stopped answering heartbeats")]
    private static partial void LiveConnectionReapedAs(ILogger logger, string kind, string fingerprint);

    [LoggerMessage(101, LogLevel.Error, "The live feed could not recompute the board; retrying on the next change")]
    public static partial void LiveFeedWindowFailed(ILogger logger, Exception exception);

    [LoggerMessage(102, LogLevel.Warning, "Live connection refused: the instance holds its maximum of {Max} connections")]
    public static partial void LiveConnectionRefused(ILogger logger, int max);

    [LoggerMessage(50, LogLevel.Warning, "User {UserId} flagged as suspicious ({Reason}): {Details}")]
    public static partial void UserFlagged(ILogger logger, string userId, string reason, string details);

    [LoggerMessage(51, LogLevel.Information, "Rate limit: {Caller} refused, retry after {Seconds} s")]
    public static partial void RateLimited(ILogger logger, string caller, double seconds);

    [LoggerMessage(52, LogLevel.Warning, "Admin {Admin} reversed {Count} credits of {UserId} ({Points} points): {Reason}")]
    public static partial void CreditsReversed(ILogger logger, string admin, string userId, int count, long points, string reason);

    [LoggerMessage(53, LogLevel.Warning, "No JWT_SECRET or JWKS was configured: user tokens are signed with a secret generated for this data folder, and the demo token endpoint is on")]
    public static partial void DemoTokensOn(ILogger logger);

    [LoggerMessage(54, LogLevel.Error, "The anomaly watch could not record a committed credit of {UserId}; the credit stands")]
    public static partial void AnomalyWatchFailed(ILogger logger, string userId, Exception exception);

    [LoggerMessage(601, LogLevel.Warning, "Committing {Count} credits met {SqlState} on attempt {Attempt}; the transaction rolled back and runs again")]
    public static partial void LedgerRetried(ILogger logger, int count, string sqlState, int attempt);

    [LoggerMessage(602, LogLevel.Warning, "The rank index or the board bus could not take {Count} committed standings; the index is repaired from the store (outbox relay, reconcile or restart)")]
    public static partial void IndexUpdateFailed(ILogger logger, int count, Exception exception);

    [LoggerMessage(603, LogLevel.Debug, "Outbox relay applied {Users} pending standings to the rank index")]
    public static partial void OutboxRelayed(ILogger logger, int users);

    [LoggerMessage(604, LogLevel.Warning, "Outbox relay pass failed; it retries")]
    public static partial void OutboxRelayFailed(ILogger logger, Exception exception);

    [LoggerMessage(605, LogLevel.Information, "Rank index rebuild: {Users} users written so far")]
    public static partial void IndexRebuildProgress(ILogger logger, long users);

    [LoggerMessage(606, LogLevel.Warning, "The Redis rank index is missing or was restarted; rebuilding it from the store")]
    public static partial void IndexRebuildNeeded(ILogger logger);

    [LoggerMessage(607, LogLevel.Warning, "Redis is unavailable; reads are served from the store until it returns")]
    public static partial void IndexFallback(ILogger logger, Exception exception);

    [LoggerMessage(608, LogLevel.Information, "Reconcile: {Users} users checked, {Repaired} index entries repaired, {Removed} removed")]
    public static partial void Reconciled(ILogger logger, long users, long repaired, long removed);

    [LoggerMessage(609, LogLevel.Warning, "A board change from Redis could not be read and was skipped")]
    public static partial void BusMessageUnreadable(ILogger logger, Exception exception);

    [LoggerMessage(610, LogLevel.Warning, "Publishing a board change through Redis failed; this instance's live feed misses it")]
    public static partial void BusPublishFailed(ILogger logger, Exception exception);

    [LoggerMessage(611, LogLevel.Warning, "Subscribing to board changes in Redis failed; retrying")]
    public static partial void BusSubscribeFailed(ILogger logger, Exception exception);

    [LoggerMessage(612, LogLevel.Warning, "Redis is unavailable; shared limits fall back to this instance's own counts until it returns")]
    public static partial void SharedLimitsFallback(ILogger logger, Exception exception);
}
