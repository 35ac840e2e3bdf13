using Scoreboard.Scoring;
using Scoreboard.Storage;

namespace Scoreboard.Dialects;

/// <summary>Submitting a credit from an endpoint: the ledger answers, or the store is down and the caller should retry.</summary>
internal static class Credits
{
    /// <summary>Seconds a client should wait before retrying when the store is unavailable.</summary>
    private const string RetryAfterSeconds = "1";

    public static async Task<CreditOutcome?> TrySubmitAsync(HttpContext context, LedgerWriter ledger, Credit credit)
    {
        try
        {
            return await ledger.SubmitAsync(credit, context.RequestAborted);
        }
        catch (StoreUnavailableException)
        {
            context.Response.Headers.RetryAfter = RetryAfterSeconds;
            return null;
        }
    }

    public const string UnavailableMessage = "The score store is unavailable; nothing was applied. Retry shortly.";
}
