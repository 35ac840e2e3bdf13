using Scoreboard.Diagnostics;
using Scoreboard.Ranking;
using Scoreboard.Replies;
using Scoreboard.Scoring;
using Scoreboard.Security.AntiCheat;
using Scoreboard.Security.Limits;
using Scoreboard.Security.Signing;
using Scoreboard.Security.Tickets;
using Scoreboard.Security.Tokens;
using Scoreboard.Storage;

namespace Scoreboard.Crediting;

/// <summary>A user's request to be credited, once its dialect has read the body and checked the signature.</summary>
/// <param name="ActionType">The type the request names (002); null for 000 and 003, which use the ticket's type or <c>default</c>.</param>
/// <param name="SignedAt">The signed timestamp (000, 002), checked against the window only after the duplicate check.</param>
internal sealed record UserCreditRequest(
    Dialect Dialect, TokenUser User, string ActionId, string? ActionType, long? Points, string Source, DateTimeOffset? SignedAt = null);

/// <summary>An applied user credit: the standing before and after, and the rank after.</summary>
internal sealed record UserCreditApplied(string UserId, long PreviousScore, long NewScore, long Rank, DateTimeOffset At);

/// <summary>
/// What every user-facing credit goes through once its signature checked out, whichever document's client sent it: the
/// duplicate check first (a replay of an applied credit gets the duplicate answer and spends nothing of the user's),
/// then the time window, the ticket, the freeze, the catalog's points, the per-type cool-down, the budgets, the ledger
/// and the anomaly watch. Budgets come last, so only a request that reaches the ledger spends them.
/// </summary>
internal sealed partial class UserCredits(
    LedgerWriter ledger,
    IScoreStore store,
    ActionCatalog catalog,
    ActionTickets tickets,
    ICooldowns cooldowns,
    ICreditLimits limiter,
    AnomalyMonitor anomalies,
    IRankIndex index,
    SigningKeys keys,
    TimeProvider clock,
    ILogger<UserCredits> logger,
    ScoreboardMetrics metrics)
{
    /// <summary>The failures <see cref="CreditAsync"/> can answer, for the API description.</summary>
    public static readonly Failure[] Failures =
    [
        Failure.DuplicateAction, Failure.TimestampOutOfRange, Failure.InvalidTicket, Failure.TicketExpired, Failure.TicketTooEarly,
        Failure.TicketRequired, Failure.AccountFrozen, Failure.UnknownActionType, Failure.PointsOutOfRange, Failure.RateLimited,
        Failure.ScoreLimitReached, Failure.StoreUnavailable,
    ];

    public async Task<(UserCreditApplied? Applied, IResult? Error)> CreditAsync(HttpContext context, UserCreditRequest request)
    {
        var dialect = request.Dialect;
        var userId = request.User.UserId;
        var scope = CallerScopes.User(userId);
        if (await store.WasAppliedAsync(scope, request.ActionId, context.RequestAborted))
        {
            return Duplicate(dialect);
        }

        if (request.SignedAt is { } signedAt && !RequestSignatures.InWindow(signedAt, clock.GetUtcNow(), keys.Window))
        {
            CreditTally.Refuse(context, RefusalReason.Signature);
            return Fail(dialect, Failure.TimestampOutOfRange, $"'timestamp' must be within {keys.Window.TotalSeconds} s of the server's clock.", "timestamp");
        }

        var actionType = request.ActionType ?? ActionCatalog.DefaultType;
        if (ActionTickets.LooksLikeTicket(request.ActionId))
        {
            var ticket = tickets.Check(userId, request.ActionId);
            CreditTally.Refuse(context, RefusalReason.ForTicket(ticket.Problem));
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
                CreditTally.Refuse(context, RefusalReason.Signature);
                return Fail(dialect, Failure.InvalidTicket, $"This ticket is for '{ticket.ActionType}', not '{request.ActionType}'.");
            }

            actionType = ticket.ActionType;
        }
        else if (tickets.Required)
        {
            return Fail(dialect, Failure.TicketRequired, "Start the action first (POST /api/v1/actions/{type}/start) and complete it with its ticket.");
        }

        if (await anomalies.IsFrozenAsync(userId, context.RequestAborted))
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

        var interval = catalog.Find(actionType)!.MinIntervalMs;
        var claim = await cooldowns.TryClaimAsync(userId, actionType, interval);
        if (claim.Wait is { } wait)
        {
            CreditTally.Refuse(context, RefusalReason.Cooldown);
            return (null, TooMany(context, dialect, wait, $"'{actionType}' can be completed at most once every {interval} ms."));
        }

        CreditOutcome? outcome = null;
        try
        {
            if (await limiter.TryUserAsync(userId, Requests.Ip(context)) is { } full)
            {
                Log.RateLimited(logger, userId, full.TotalSeconds);
                metrics.RateLimitHit("user");
                return (null, TooMany(context, dialect, full, "Too many score updates; slow down."));
            }

            var credit = new Credit(userId, request.ActionId, actionType, points, request.Source, userId,
                request.User.DisplayName, null, Requests.Ip(context), Requests.UserAgent(context)) { Scope = scope };
            outcome = await Credits.TrySubmitAsync(context, ledger, credit);
        }
        finally
        {
            // Whatever stopped the credit (a full budget, the store, a client gone before it was queued), the slot
            // goes back: only an applied credit holds the cool-down.
            if (outcome is not { Status: CreditStatus.Applied })
            {
                await cooldowns.ReleaseAsync(claim);
            }
        }

        return outcome switch
        {
            { Status: CreditStatus.Applied, Standing: { } standing } => (await AppliedAsync(outcome.Event!, standing), null),
            null => Fail(dialect, Failure.StoreUnavailable, Credits.UnavailableMessage(context)),
            { Status: CreditStatus.Duplicate } => Duplicate(dialect),
            _ => Fail(dialect, Failure.ScoreLimitReached, $"The credit would take the score past {ScoreLimits.MaxScore}; nothing was applied."),
        };
    }

    /// <summary>An error reply for a failure that happens before the credit, in the caller's dialect.</summary>
    public static (UserCreditApplied?, IResult?) Fail(Dialect dialect, Failure failure, string message, string? field = null) =>
        (null, ApiErrors.Result(dialect, failure, message, field is null ? null : new() { ["field"] = field }));

    private static (UserCreditApplied?, IResult?) Duplicate(Dialect dialect) =>
        Fail(dialect, Failure.DuplicateAction, "This actionId was already processed; nothing changed.");

    // The credit is committed: the caller is told so even when what follows fails (a retry would only be a duplicate).
    private async Task<UserCreditApplied> AppliedAsync(ScoreEvent applied, Standing standing)
    {
        try
        {
            await anomalies.ObserveAsync(standing.UserId, applied.Points, CancellationToken.None);
        }
        catch (Exception ex)
        {
            LogAfterCommitFailed(logger, standing.UserId, "anomaly watch", ex);
        }

        long rank = 0;
        try
        {
            rank = (await index.FindAsync(standing.UserId, CancellationToken.None))?.Rank ?? 0;
        }
        catch (Exception ex)
        {
            LogAfterCommitFailed(logger, standing.UserId, "rank lookup", ex);
        }

        return new UserCreditApplied(standing.UserId, applied.ScoreBefore, standing.Score, rank, standing.UpdatedAt);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "A credit of user {UserId} committed, but the {Step} after it failed; the reply says it applied.")]
    private static partial void LogAfterCommitFailed(ILogger logger, string userId, string step, Exception exception);

    private static IResult TooMany(HttpContext context, Dialect dialect, TimeSpan wait, string message)
    {
        context.Response.Headers.RetryAfter = Seconds(wait);
        return ApiErrors.Result(dialect, Failure.RateLimited, message, new() { ["retryAfterSeconds"] = Seconds(wait) });
    }

    private static string Seconds(TimeSpan wait) =>
        Math.Max(1, (long)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
}
