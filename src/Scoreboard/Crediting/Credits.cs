using Scoreboard.Diagnostics;
using Scoreboard.Scoring;
using Scoreboard.Storage;

namespace Scoreboard.Crediting;

/// <summary>Submitting a credit from an endpoint: the ledger answers, or the store is down and the caller should retry.</summary>
internal static class Credits
{
    /// <summary>Seconds a client should wait before retrying when the store is unavailable.</summary>
    private const string RetryAfterSeconds = "1";

    public static async Task<CreditOutcome?> TrySubmitAsync(HttpContext context, LedgerWriter ledger, Credit credit)
    {
        try
        {
            var outcome = await ledger.SubmitAsync(credit, context.RequestAborted);
            CreditTally.Committed(context, credit, outcome);
            return outcome;
        }
        catch (StoreUnavailableException ex)
        {
            context.Response.Headers.RetryAfter = RetryAfterSeconds;
            context.Items[OutcomeUnknownKey] = ex.OutcomeUnknown;
            return null;
        }
    }

    /// <summary>
    /// The message of a credit the store did not take. Only when the store failed before committing can it say that
    /// nothing was applied; a commit that was sent but not confirmed may have applied, so the caller is told to retry
    /// with the same action id, which applies it at most once.
    /// </summary>
    public static string UnavailableMessage(HttpContext context) =>
        context.Items.TryGetValue(OutcomeUnknownKey, out var unknown) && unknown is true
            ? "The score store did not confirm the commit; the credit may or may not have been applied. Retry with the same action id: it is applied at most once."
            : "The score store is unavailable; nothing was applied. Retry shortly.";

    private static readonly object OutcomeUnknownKey = new();
}
