using System.Text.Json.Serialization;
using Scoreboard.Crediting;
using Scoreboard.Diagnostics;
using Scoreboard.Replies;
using Scoreboard.Scoring;
using Scoreboard.Security;
using Scoreboard.Security.AntiCheat;
using Scoreboard.Storage;
using Scoreboard.ApiDocs;

namespace Scoreboard.Dialects;

/// <summary>Review of anomaly flags, a user's ledger, and reversal of a user's credits by compensating events.</summary>
public static class AdminApi
{
    public static RouteGroupBuilder MapAdmin(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/admin").WithDialect(Dialect.Seed002).WithTags("Admin").AddEndpointFilter<AdminKeyFilter>();
        Webhooks.WebhooksApi.MapWebhooksAdmin(group);
        group.MapGet("/flags", FlagsAsync)
            .WithSummary("Anomaly flags (status open, cleared or confirmed)").Produces<Envelope<IReadOnlyList<SuspicionFlag>>>().Fails(Failure.InvalidRequest);
        group.MapPost("/flags/{id:long}/clear", (long id, IFlagStore flags, AnomalyMonitor monitor, CancellationToken ct) =>
            ResolveAsync(id, FlagStatus.Cleared, flags, monitor, ct))
            .WithSummary("Clear a flag").Produces<Envelope<SuspicionFlag>>().Fails(Failure.NotFound);
        group.MapPost("/flags/{id:long}/confirm", (long id, IFlagStore flags, AnomalyMonitor monitor, CancellationToken ct) =>
            ResolveAsync(id, FlagStatus.Confirmed, flags, monitor, ct))
            .WithSummary("Confirm a flag").Produces<Envelope<SuspicionFlag>>().Fails(Failure.NotFound);
        group.MapGet("/users/{userId}/events", EventsAsync)
            .WithSummary("A user's ledger").Produces<Envelope<IReadOnlyList<ScoreEvent>>>().Fails(Failure.InvalidRequest);
        group.MapPost("/users/{userId}/reverse", ReverseAsync).Reads<ReversalRequest>()
            .WithSummary("Reverse a user's credits (all, chosen eventIds, or since a time) by compensating events").Produces<Envelope<ReversalResult>>()
            .Fails(Failure.InvalidRequest, Failure.UserNotFound);
        group.MapBoardsAdmin();
        group.MapAdminConsole();
        Privacy.PrivacyApi.MapPrivacy(group);
        return group;
    }

    private static async Task<IResult> FlagsAsync(string? status, IFlagStore flags, CancellationToken cancellationToken)
    {
        if (status is not null && !FlagStatus.IsValid(status))
        {
            return Error(Failure.InvalidRequest, "'status' is open, cleared or confirmed.", "status");
        }

        var list = await flags.ReadFlagsAsync(status, 500, cancellationToken);
        return TypedResults.Json(new Envelope<IReadOnlyList<SuspicionFlag>>(true, list), AdminJson.Default.EnvelopeIReadOnlyListSuspicionFlag);
    }

    private static async Task<IResult> ResolveAsync(long id, string status, IFlagStore flags, AnomalyMonitor monitor, CancellationToken cancellationToken)
    {
        var flag = await flags.ResolveFlagAsync(id, status, "admin", cancellationToken);
        if (flag is null)
        {
            return Error(Failure.NotFound, $"No flag has id {id}.", "id");
        }

        await monitor.RefreshAsync(cancellationToken);
        return TypedResults.Json(new Envelope<SuspicionFlag>(true, flag), AdminJson.Default.EnvelopeSuspicionFlag);
    }

    private static async Task<IResult> EventsAsync(string userId, IScoreStore store, CancellationToken cancellationToken)
    {
        if (!Ids.IsValidUserId(userId))
        {
            return Error(Failure.InvalidRequest, Requests.UserIdMessage, "userId");
        }

        var events = await store.ReadEventsAsync(userId, cancellationToken);
        return TypedResults.Json(new Envelope<IReadOnlyList<ScoreEvent>>(true, events), AdminJson.Default.EnvelopeIReadOnlyListScoreEvent);
    }

    private static async Task<IResult> ReverseAsync(string userId, string? reason, HttpContext context, LedgerWriter ledger, ILogger<LedgerWriter> logger)
    {
        var cancellationToken = context.RequestAborted;
        if (!Ids.IsValidUserId(userId))
        {
            return Error(Failure.InvalidRequest, Requests.UserIdMessage, "userId");
        }

        if (reason is not null && !Ids.IsValidReason(reason))
        {
            return Error(Failure.InvalidRequest, $"'reason' is 1–{Ids.MaxReasonLength} printable characters.", "reason");
        }

        var (choice, refusal) = await ReversalRequest.ReadAsync(context.Request, cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }

        var outcome = await ledger.ReverseAsync(userId, "admin", reason ?? "REVERSAL", choice!, cancellationToken);
        if (outcome.Standing is null)
        {
            return Error(Failure.UserNotFound, $"No score is recorded for user '{userId}'.", "userId");
        }

        var points = -outcome.Compensations.Sum(e => e.Points);
        Log.CreditsReversed(logger, "admin", userId, outcome.Compensations.Count, points, reason ?? "REVERSAL");
        return TypedResults.Json(new Envelope<ReversalResult>(true, new(userId, outcome.Compensations.Count, points, outcome.Standing.Score)),
            AdminJson.Default.EnvelopeReversalResult);
    }

    private static IResult Error(Failure failure, string message, string field) =>
        ApiErrors.Result(Dialect.Seed002, failure, message, new() { ["field"] = field });
}

public sealed record ReversalResult(string UserId, int ReversedEvents, long ReversedPoints, long NewScore);

[JsonSourceGenerationOptions(System.Text.Json.JsonSerializerDefaults.Web, Converters = [typeof(UtcTimestampConverter)])]
[JsonSerializable(typeof(Envelope<IReadOnlyList<SuspicionFlag>>))]
[JsonSerializable(typeof(Envelope<SuspicionFlag>))]
[JsonSerializable(typeof(Envelope<IReadOnlyList<ScoreEvent>>))]
[JsonSerializable(typeof(Envelope<ReversalResult>))]
internal sealed partial class AdminJson : JsonSerializerContext;
