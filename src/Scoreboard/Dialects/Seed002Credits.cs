using System.Globalization;
using Scoreboard.Crediting;
using Scoreboard.Replies;
using Scoreboard.Scoring;
using Scoreboard.Security.Signing;
using Scoreboard.Security.Tokens;
using Scoreboard.ApiDocs;

namespace Scoreboard.Dialects;

/// <summary>
/// Seed 002's user credit, and the path it shares with 000: <c>POST /api/v1/scores/update</c> reads the body once
/// and answers in the shape of whichever document's client sent it.
/// </summary>
public static class Seed002Credits
{
    public static RouteHandlerBuilder MapScoresUpdate(this IEndpointRouteBuilder app) =>
        app.MapPost("/api/v1/scores/update", UpdateAsync)
            .WithMetadata(CreditEndpoint.Instance)
            .RequireAuthorization(UserTokens.CreditPolicy)
            .WithDialect(Dialect.Seed002) // failures before the body is read (no token, malformed JSON) answer in 002's shape
            .WithTags("Seed 000", "Seed 002")
            .WithSummary("A user credits themself with a signed request (000 or 002)")
            .WithDescription("002's body (actionType, scoreIncrement, ISO timestamp, clientSignature) answers in 002's envelope; 000's (Unix timestamp, signature) answers {success, newScore, rank} and 000's errors. The signature is HMAC-SHA256 of the canonical string in the README.")
            .Reads<ScoresUpdateRequest>().Produces<Envelope<Seed002UpdateData>>()
            .Fails([Failure.FieldNotAllowed, Failure.InvalidSignature, .. UserCredits.Failures])
            .Example(
                new ScoresUpdateRequest("3f1c2a9e-7b4d-4c1e-9a57-1f2e3d4c5b6a", System.Text.Json.JsonDocument.Parse("\"2025-10-17T10:30:00Z\"").RootElement, null, "TASK_COMPLETE", 10,
                    "b38da5e1f0fd35c648955faed06b581da1adad085ece12de0f36ef9f10fa302e", null),
                new Envelope<Seed002UpdateData>(true, new("user-123", 130, 120, 1, EndpointDocs.ExampleTime)));

    private static async Task<IResult> UpdateAsync(HttpContext context, UserCredits credits, SigningKeys keys)
    {
        var body = await JsonBody.ReadAsync(context.Request, UserApiJson.Default.ScoresUpdateRequest, context.RequestAborted);
        if (body.Value is not { } request)
        {
            return Error(body.Failure!.Value, body.Message, body.Field);
        }

        return request.IsSeed002
            ? await CreditAsync(context, request, credits, keys)
            : await Seed000Api.UpdateAsync(context, request, credits, keys);
    }

    private static async Task<IResult> CreditAsync(HttpContext context, ScoresUpdateRequest request, UserCredits credits, SigningKeys keys)
    {
        var user = UserTokens.UserOf(context.User);
        if (request.UserId is not null && request.UserId != user.UserId)
        {
            return Error(Failure.FieldNotAllowed, JsonBody.OtherUserMessage, "userId");
        }

        if (!Ids.IsValidActionId(request.ActionId))
        {
            return Error(Failure.InvalidRequest, Requests.ActionIdMessage, "actionId");
        }

        if (!Ids.IsValidActionType(request.ActionType))
        {
            return Error(Failure.InvalidRequest, $"'actionType' is 1–{Ids.MaxActionTypeLength} letters, digits and _ - . : @.", "actionType");
        }

        if (request.ScoreIncrement is not { } increment)
        {
            return Error(Failure.InvalidRequest, "'scoreIncrement' is required: a whole number of points.", "scoreIncrement");
        }

        var stamp = request.Timestamp is { ValueKind: System.Text.Json.JsonValueKind.String } element ? element.GetString()! : null;
        if (stamp is null || stamp.Length > 40
            || !DateTimeOffset.TryParse(stamp, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
        {
            return Error(Failure.InvalidRequest, "'timestamp' must be an ISO 8601 time such as 2025-10-17T10:30:00Z.", "timestamp");
        }

        var canonical = RequestSignatures.Canonical002(request.ActionId!, request.ActionType!, increment, stamp);
        if (!RequestSignatures.Verify(keys.KeyFor(user.UserId), canonical, request.ClientSignature))
        {
            CreditTally.Refuse(context, RefusalReason.Signature);
            return Error(Failure.InvalidSignature, "Action verification failed: clientSignature does not match the request.", "clientSignature");
        }

        var (applied, error) = await credits.CreditAsync(context, new(Dialect.Seed002, user, request.ActionId!, request.ActionType, increment, "seed-002", at));
        return error ?? Reply(applied!);
    }

    internal static IResult Reply(UserCreditApplied applied) => TypedResults.Json(
        new Envelope<Seed002UpdateData>(true, new(applied.UserId, applied.NewScore, applied.PreviousScore, applied.Rank, applied.At)),
        UserApiJson.Default.EnvelopeSeed002UpdateData);

    private static IResult Error(Failure failure, string message, string? field = null) =>
        ApiErrors.Result(Dialect.Seed002, failure, message, field is null ? null : new() { ["field"] = field });
}
