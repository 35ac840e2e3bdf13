using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;
using Scoreboard.Crediting;
using Scoreboard.Ranking;
using Scoreboard.Reads;
using Scoreboard.Replies;
using Scoreboard.Scoring;
using Scoreboard.Security;
using Scoreboard.Storage;
using Scoreboard.ApiDocs;
using static Scoreboard.Replies.SeedRows;

namespace Scoreboard.Dialects;

/// <summary>Seed 004's API: service-to-service increments and the top-N board.</summary>
public static class Seed004Api
{
    public const int MaxLimit = 50;

    public static RouteGroupBuilder MapSeed004(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("").WithDialect(Dialect.Seed004).WithTags("Seed 004");
        group.MapPost("/scores/increment", IncrementAsync).RequireAuthorization(ServiceKeyAuthentication.Policy).WithServiceKeyLimit()
            .WithMetadata(CreditEndpoint.Instance)
            .WithSummary("Credit a user from a backend")
            .WithDescription("Credits the points of Scoreboard:Api:IncrementActionType once per actionId; the same actionId again answers applied: false and changes nothing.")
            .Reads<IncrementRequest>().Produces<IncrementResponse>()
            .Fails(Failure.Forbidden, Failure.ActionIdOfAnotherUser, Failure.ScoreLimitReached, Failure.StoreUnavailable)
            .Example(new IncrementRequest("user_123", "action-uuid-123", "ACTION_COMPLETED", "Ada"), new IncrementResponse("user_123", 10, 10, true, "action-uuid-123"));
        group.MapGet("/scoreboard/top", TopAsync).RequireAuthorization(Security.Tokens.UserTokens.BoardReadPolicy).AsPublicRead()
            .WithSummary("The top of the board (limit 1–50, default 10; board or boardId, period)").TakesBoard(takesBoardId: true).Produces<TopResponse>().Fails(Failure.InvalidRequest)
            .Example(null, new TopResponse([new("user_123", "Ada", 120, 1)], EndpointDocs.ExampleTime));
        return group;
    }

    private static async Task<IResult> IncrementAsync(
        HttpContext context, LedgerWriter ledger, ActionCatalog catalog, IOptions<ApiOptions> options)
    {
        var body = await JsonBody.ReadAsync(context.Request, Seed004Json.Default.IncrementRequest, context.RequestAborted);
        if (body.Value is not { } request)
        {
            return Error(body.Failure!.Value, body.Message, body.Field);
        }

        if (!Ids.IsValidUserId(request.UserId))
        {
            return Error(Failure.InvalidRequest, Requests.UserIdMessage, "userId");
        }

        if (!Ids.IsValidActionId(request.ActionId))
        {
            return Error(Failure.InvalidRequest, Requests.ActionIdMessage, "actionId");
        }

        if (request.Reason is not null && !Ids.IsValidReason(request.Reason))
        {
            return Error(Failure.InvalidRequest, $"'reason' is 1–{Ids.MaxReasonLength} printable characters.", "reason");
        }

        if (request.DisplayName is not null && !Ids.IsValidDisplayName(request.DisplayName))
        {
            return Error(Failure.InvalidRequest, $"'displayName' is 1–{Ids.MaxDisplayNameLength} printable characters.", "displayName");
        }

        var actionType = request.ActionType ?? options.Value.IncrementActionType;
        var key = ServiceKeyAuthentication.KeyOf(context.User);
        if (IncrementChecks.Refusal(request, actionType, key, catalog) is { } refusal)
        {
            return Error(refusal.Failure, refusal.Message, refusal.Field);
        }

        var (points, _) = catalog.Resolve(actionType, request.Value);
        var credit = new Credit(request.UserId!, request.ActionId!, actionType, points, "seed-004", key.Name,
            Ids.DisplayName(request.DisplayName), request.Reason ?? "ACTION_COMPLETED", Requests.Ip(context), Requests.UserAgent(context))
        {
            // The key's own namespace: a user's (or another key's) id never blocks it; its own id for another user is 409.
            Scope = CallerScopes.ServiceKey(key.Name),
            Metadata = IncrementChecks.Metadata(request),
        };

        var outcome = await Credits.TrySubmitAsync(context, ledger, credit);
        return outcome switch
        {
            null => Error(Failure.StoreUnavailable, Credits.UnavailableMessage(context)),
            { Status: CreditStatus.Applied } => TypedResults.Ok(new IncrementResponse(credit.UserId, outcome.Standing!.Score, points, true, credit.ActionId)),
            { Status: CreditStatus.Duplicate, Event.UserId: var owner } when owner == credit.UserId =>
                TypedResults.Ok(new IncrementResponse(credit.UserId, outcome.Standing!.Score, 0, false, credit.ActionId)),
            { Status: CreditStatus.Duplicate } => Error(Failure.ActionIdOfAnotherUser, "This actionId was already applied to another user.", "actionId"),
            _ => Error(Failure.ScoreLimitReached, $"The credit would take the score past {ScoreLimits.MaxScore}; nothing was applied."),
        };
    }

    private static async Task<IResult> TopAsync(string? limit, HttpContext context, BoardRegistry registry, TimeProvider clock)
    {
        if (!Requests.TryInt(limit, 10, 1, MaxLimit, out var count))
        {
            return Error(Failure.InvalidRequest, Requests.RangeMessage("limit", 1, MaxLimit), "limit");
        }

        // 004 §12 names the board boardId; board is taken too, as on every other path.
        var selection = BoardQuery.Resolve(context.Request, registry, clock, takesBoardId: true);
        return selection.Status != 0 ? BoardRefusals.Result(Dialect.Seed004, selection)
            : await CachedReads.TopAsync(context, selection, ReadShape.Seed004Top, count, (top, now, _) => new TopResponse(top.Select(ToEntry).ToList(), now));
    }

    private static IResult Error(Failure failure, string message, string? field = null) =>
        ApiErrors.Result(Dialect.Seed004, failure, message, field is null ? null : new() { ["field"] = field });
}

/// <param name="ActionType">A type the key may credit; the configured increment type when left out.</param>
/// <param name="Value">1…the type's maxPoints, only for maxPoints types: the points, and the value <c>best</c>/<c>latest</c> boards rank.</param>
/// <param name="Metadata">The user's entry metadata (a JSON object, at most 1,024 UTF-8 bytes), shown on the <c>/api/v1/boards</c> reads.</param>
public sealed record IncrementRequest(
    string? UserId, string? ActionId, string? Reason, string? DisplayName, string? ActionType = null, long? Value = null,
    System.Text.Json.JsonElement? Metadata = null);

public sealed record IncrementResponse(string UserId, long NewScore, long Delta, bool Applied, string ActionId);

public sealed record TopResponse(IReadOnlyList<TopEntry> Entries, DateTimeOffset GeneratedAt);

[JsonSourceGenerationOptions(System.Text.Json.JsonSerializerDefaults.Web, MaxDepth = 32, Converters = [typeof(UtcTimestampConverter)])]
[JsonSerializable(typeof(IncrementRequest))]
[JsonSerializable(typeof(IncrementResponse))]
[JsonSerializable(typeof(TopResponse))]
[JsonSerializable(typeof(System.Text.Json.JsonElement))]
internal sealed partial class Seed004Json : JsonSerializerContext;
