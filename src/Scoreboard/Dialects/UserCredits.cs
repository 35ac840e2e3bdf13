using Scoreboard.Diagnostics;
using Scoreboard.Ranking;
using Scoreboard.Scoring;
using Scoreboard.Security.AntiCheat;
using Scoreboard.Security.Limits;
using Scoreboard.Security.Tickets;
using Scoreboard.Security.Tokens;
using Scoreboard.Storage;

namespace Scoreboard.Dialects;

/// <summary>A user's request to be credited, once its dialect has read and checked the body and the signature.</summary>
/// <param name="ActionType">The type the request names (002); null for 000 and 003, which use the ticket's type or <c>default</c>.</param>
internal sealed record UserCreditRequest(Dialect Dialect, TokenUser User, string ActionId, string? ActionType, long? Points, string Source);

/// <summary>An applied user credit: the standing before and after, and the rank after.</summary>
internal sealed record UserCreditApplied(string UserId, long PreviousScore, long NewScore, long Rank, DateTimeOffset At);

/// <summary>
/// What every user-facing credit goes through, whichever document's client sent it: rate limits first, then the
/// ticket, the freeze, the catalog's points, the per-type cool-down, the ledger, and the anomaly watch.
/// </summary>
internal sealed class UserCredits(
    LedgerWriter ledger,
    ActionCatalog catalog,
    ActionTickets tickets,
    ICooldowns cooldowns,
    ICreditLimits limiter,
    AnomalyMonitor anomalies,
    IRankIndex index,
    ILogger<UserCredits> logger)
{
    /// <summary>Takes a permit from the user's, the address's and the global budgets; an error reply when refused.</summary>
    public async ValueTask<IResult?> RateLimitAsync(HttpContext context, Dialect dialect, TokenUser user)
    {
        if (await limiter.TryUserAsync(user.UserId, Requests.Ip(context)) is not { } wait)
        {
            return null;
        }

        Log.RateLimited(logger, user.UserId, wait.TotalSeconds);
        return TooMany(context, dialect, wait, "Too many score updates; slow down.");
    }

    public async Task<(UserCreditApplied? Applied, IResult? Error)> CreditAsync(HttpContext context, UserCreditRequest request)
    {
        var dialect = request.Dialect;
        var actionType = request.ActionType ?? ActionCatalog.DefaultType;
        if (ActionTickets.LooksLikeTicket(request.ActionId))
        {
            var ticket = tickets.Check(request.User.UserId, request.ActionId);
            switch (ticket.Problem)
            {
                case TicketProblem.Invalid:
                    return Fail(dialect, Failure.InvalidTicket, "This ticket was not issued to you, or was altered.");
                case TicketProblem.Expired:
                    return Fail(dialect, Failure.TicketExpired, "This ticket has expired; start the action again.");
                case TicketProblem.TooEarly:
                    context.Response.Headers.RetryAfter = Seconds(ticket.Wait);
                    return Fail(dialect, Failure.TicketTooEarly, $"This action cannot be completed yet; wait {Seconds(ticket.Wait)} s.");
            }

            if (request.ActionType is not null && request.ActionType != ticket.ActionType)
            {
                return Fail(dialect, Failure.InvalidTicket, $"This ticket is for '{ticket.ActionType}', not '{request.ActionType}'.");
            }

            actionType = ticket.ActionType;
        }
        else if (tickets.Required)
        {
            return Fail(dialect, Failure.TicketRequired, "Start the action first (POST /api/v1/actions/{type}/start) and complete it with its ticket.");
        }

        if (await anomalies.IsFrozenAsync(request.User.UserId, context.RequestAborted))
        {
            return Fail(dialect, Failure.AccountFrozen, "Score updates for this account are on hold pending review.");
        }

        var (points, refusal) = catalog.Resolve(actionType, request.Points);
        if (refusal == PointsRefusal.UnknownActionType)
        {
            return Fail(dialect, Failure.UnknownActionType, $"Action type '{actionType}' is not in the catalog.");
        }

        if (refusal == PointsRefusal.PointsOutOfRange)
        {
            return Fail(dialect, Failure.PointsOutOfRange, $"Points for '{actionType}' must be from 1 to the type's maximum.");
        }

        var claim = await cooldowns.TryClaimAsync(request.User.UserId, actionType, catalog.Find(actionType)!.MinIntervalMs);
        if (claim.Wait is { } wait)
        {
            return (null, TooMany(context, dialect, wait, $"'{actionType}' can be completed at most once every {catalog.Find(actionType)!.MinIntervalMs} ms."));
        }

        var credit = new Credit(request.User.UserId, request.ActionId, actionType, points, request.Source, request.User.UserId,
            request.User.DisplayName, null, Requests.Ip(context), Requests.UserAgent(context));
        var outcome = await Credits.TrySubmitAsync(context, ledger, credit);
        if (outcome is not { Status: CreditStatus.Applied, Standing: { } standing })
        {
            await cooldowns.ReleaseAsync(claim);
            return outcome switch
            {
                null => Fail(dialect, Failure.StoreUnavailable, Credits.UnavailableMessage),
                { Status: CreditStatus.Duplicate } => Fail(dialect, Failure.DuplicateAction, "This actionId was already processed; nothing changed."),
                _ => Fail(dialect, Failure.ScoreLimitReached, $"The credit would take the score past {ScoreLimits.MaxScore}; nothing was applied."),
            };
        }

        await anomalies.ObserveAsync(request.User.UserId, points, CancellationToken.None);
        var rank = await index.FindAsync(request.User.UserId, context.RequestAborted);
        return (new UserCreditApplied(standing.UserId, outcome.Event!.ScoreBefore, standing.Score, rank?.Rank ?? 0, standing.UpdatedAt), null);
    }

    /// <summary>An error reply for a failure that happens before the credit, in the caller's dialect.</summary>
    public static (UserCreditApplied?, IResult?) Fail(Dialect dialect, Failure failure, string message, string? field = null) =>
        (null, ApiErrors.Result(dialect, failure, message, field is null ? null : new() { ["field"] = field }));

    private static IResult TooMany(HttpContext context, Dialect dialect, TimeSpan wait, string message)
    {
        context.Response.Headers.RetryAfter = Seconds(wait);
        return ApiErrors.Result(dialect, Failure.RateLimited, message, new() { ["retryAfterSeconds"] = Seconds(wait) });
    }

    private static string Seconds(TimeSpan wait) =>
        Math.Max(1, (long)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
}
