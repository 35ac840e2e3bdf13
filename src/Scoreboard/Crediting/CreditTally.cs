using System.Diagnostics;
using Microsoft.Extensions.Options;
using Scoreboard.Diagnostics;
using Scoreboard.Scoring;
using Scoreboard.Security.Tickets;

namespace Scoreboard.Crediting;

/// <summary>
/// One credit request's account. A credit can be refused in many places (authentication handlers, rate-limit filters,
/// signature checks, cool-downs, body validation, a full ledger queue), so no single place sees every refusal. Instead
/// the middleware opens a tally for each credit route (marked with <see cref="CreditEndpoint"/>), the places that know better than the status code say why
/// (<see cref="Refuse"/>) or what the ledger answered (<see cref="Committed"/>), and the tally is counted exactly once
/// when the response is done: a request is never counted twice, nor missed.
/// </summary>
internal sealed class CreditTally(ScoreboardMetrics metrics, ILogger logger, LogLevel appliedLevel)
{
    public const string Applied = ScoreboardMetrics.AppliedOutcome;
    public const string Duplicate = "duplicate";
    public const string Refused = ScoreboardMetrics.RefusedOutcome;

    private readonly long _arrived = Stopwatch.GetTimestamp();
    private string? _outcome;
    private string? _reason;

    private ScoreboardMetrics Metrics => metrics;

    private ILogger Logger => logger;

    private LogLevel AppliedLevel => appliedLevel;

    /// <summary>Says why the credit is refused (null: it is not); the first reason given stands.</summary>
    public static void Refuse(HttpContext context, string? reason)
    {
        if (context.Features.Get<CreditTally>() is { } tally)
        {
            tally._reason ??= reason;
        }
    }

    /// <summary>Records what the ledger answered (null: the store did not take it); logs an applied credit.</summary>
    public static void Committed(HttpContext context, Credit credit, CreditOutcome? outcome)
    {
        if (context.Features.Get<CreditTally>() is not { } tally)
        {
            return;
        }

        switch (outcome?.Status)
        {
            case CreditStatus.Applied:
                var took = ScoreboardMetrics.Since(tally._arrived);
                tally._outcome = Applied;
                tally.Metrics.CreditCommitted(took);
                Log.CreditApplied(tally.Logger, tally.AppliedLevel, credit.ActionId, credit.UserId, credit.ActionType, credit.Points,
                    outcome.Standing?.Score ?? 0, credit.Caller, credit.Source, (long)took.TotalMilliseconds);
                break;
            case CreditStatus.Duplicate:
                tally._outcome = Duplicate;
                break;
            case null:
                tally._reason ??= RefusalReason.Unavailable;
                break;
            default:
                tally._reason ??= RefusalReason.Validation;
                break;
        }
    }

    /// <summary>Opens a tally (and the <c>credit</c> span) for each request to a credit route.</summary>
    public static IApplicationBuilder Open(IApplicationBuilder app)
    {
        var metrics = app.ApplicationServices.GetRequiredService<ScoreboardMetrics>();
        var logger = app.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger("Scoreboard.Credits");
        var logging = app.ApplicationServices.GetRequiredService<IOptions<CreditLogOptions>>().Value;
        return app.Use(async (context, next) =>
        {
            if (!HttpMethods.IsPost(context.Request.Method)
                || context.GetEndpoint() is not RouteEndpoint { RoutePattern.RawText: { } route } endpoint
                || endpoint.Metadata.GetMetadata<CreditEndpoint>() is null)
            {
                await next(context);
                return;
            }

            var tally = new CreditTally(metrics, logger, logging.AppliedCredits);
            context.Features.Set(tally);
            using var span = ScoreboardTelemetry.Source.StartActivity(ScoreboardTelemetry.Credit);
            span?.SetTag("http.route", route);
            try
            {
                await next(context);
            }
            finally
            {
                var (outcome, reason) = tally.Result(context.Response.StatusCode);
                metrics.Credit(outcome, reason);
                span?.SetTag("scoreboard.credit.outcome", outcome);
                span?.SetTag("scoreboard.credit.reason", reason);
            }
        });
    }

    internal (string Outcome, string? Reason) Result(int status) => Decide(_outcome, _reason, status);

    /// <summary>
    /// The outcome and reason counted: what the pipeline said, else what the status code tells. A duplicate the ledger
    /// found but the reply refuses for another cause (001's idempotency key reused with a different body, 422) is a
    /// refusal of that request, not a repeat of it.
    /// </summary>
    internal static (string Outcome, string? Reason) Decide(string? outcome, string? reason, int status) =>
        outcome == Applied || (outcome == Duplicate && (status < 400 || status == 409)) ? (outcome, null)
        : reason is not null ? (Refused, reason)
        // A success that did not pass the ledger is a replay of an earlier answer; every 409 is an action id already used.
        : status < 400 || status == 409 ? (Duplicate, null)
        : (Refused, RefusalReason.ForStatus(status));
}

/// <summary>
/// Marks a route that credits users, where it is mapped (<c>.WithMetadata(CreditEndpoint.Instance)</c>): the tally counts
/// its POST requests. A route without it goes uncounted, so every new credit route carries it.
/// </summary>
public sealed class CreditEndpoint
{
    public static readonly CreditEndpoint Instance = new();

    private CreditEndpoint()
    {
    }
}

/// <summary>The <c>reason</c> tag of refused credits.</summary>
public static class RefusalReason
{
    public const string Auth = "auth";
    public const string Signature = "signature";
    public const string RateLimit = "rate_limit";
    public const string Cooldown = "cooldown";
    public const string Validation = "validation";
    public const string Unavailable = "unavailable";

    /// <summary>
    /// A ticket that was not issued to the caller or was altered fails the server's signature; one completed before its
    /// minimum duration is a cool-down; an expired one is invalid input. Null for a good ticket.
    /// </summary>
    public static string? ForTicket(TicketProblem problem) => problem switch
    {
        TicketProblem.None => null,
        TicketProblem.Invalid => Signature,
        TicketProblem.TooEarly => Cooldown,
        _ => Validation,
    };

    /// <summary>
    /// The reason a status code implies when nothing more precise was said: 401/403 come from the authentication and
    /// authorization handlers, 429 from the rate limits, 5xx from a store or a server that could not take the credit.
    /// </summary>
    public static string ForStatus(int status) => status switch
    {
        401 or 403 => Auth,
        429 => RateLimit,
        >= 500 => Unavailable,
        _ => Validation,
    };
}
