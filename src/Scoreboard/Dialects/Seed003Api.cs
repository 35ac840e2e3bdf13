using Scoreboard.Crediting;
using Scoreboard.Replies;
using Scoreboard.Scoring;
using Scoreboard.Security.Signing;
using Scoreboard.Security.Tokens;
using Scoreboard.ApiDocs;

namespace Scoreboard.Dialects;

/// <summary>Seed 003's API: a signed user credit; a reused actionId is 409 Conflict.</summary>
public static class Seed003Api
{
    public static RouteGroupBuilder MapSeed003(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/score").WithDialect(Dialect.Seed003).WithTags("Seed 003");
        group.MapPost("/update", UpdateAsync).RequireAuthorization(UserTokens.CreditPolicy)
            .WithMetadata(CreditEndpoint.Instance)
            .WithSummary("A user credits themself with a signed request (003)")
            .WithDescription("actionSignature is HMAC-SHA256 of 003|actionId|points|userId; a reused actionId is 409.")
            .Reads<Seed003UpdateRequest>().Produces<Seed003UpdateResponse>()
            .Fails([Failure.FieldNotAllowed, Failure.InvalidSignature, .. UserCredits.Failures])
            .Example(new Seed003UpdateRequest("3f1c2a9e-7b4d-4c1e-9a57-1f2e3d4c5b6a", "05fa637bfd516fd0339eb0353eda979599009c6767586ffb29d0d362ccf3b15e", 10, null),
                new Seed003UpdateResponse(true, "user-123", "3f1c2a9e-7b4d-4c1e-9a57-1f2e3d4c5b6a", 10, 130, 1));
        return group;
    }

    private static async Task<IResult> UpdateAsync(HttpContext context, UserCredits credits, SigningKeys keys)
    {
        var body = await JsonBody.ReadAsync(context.Request, UserApiJson.Default.Seed003UpdateRequest, context.RequestAborted);
        if (body.Value is not { } request)
        {
            return Error(body.Failure!.Value, body.Message, body.Field);
        }

        var user = UserTokens.UserOf(context.User);
        if (request.UserId is not null && request.UserId != user.UserId)
        {
            return Error(Failure.FieldNotAllowed, JsonBody.OtherUserMessage, "userId");
        }

        if (!Ids.IsValidActionId(request.ActionId))
        {
            return Error(Failure.InvalidRequest, Requests.ActionIdMessage, "actionId");
        }

        if (request.Points is not { } points)
        {
            return Error(Failure.InvalidRequest, "'points' is required: a whole number of points.", "points");
        }

        // The actionId (or the server-issued ticket in its place) is the nonce: a signature never verifies twice.
        var canonical = RequestSignatures.Canonical003(request.ActionId!, points, user.UserId);
        if (!RequestSignatures.Verify(keys.KeyFor(user.UserId), canonical, request.ActionSignature))
        {
            CreditTally.Refuse(context, RefusalReason.Signature);
            return Error(Failure.InvalidSignature, "actionSignature does not match actionId, points and your user id.", "actionSignature");
        }

        var (applied, error) = await credits.CreditAsync(context, new(Dialect.Seed003, user, request.ActionId!, null, points, "seed-003"));
        return error ?? TypedResults.Json(
            new Seed003UpdateResponse(true, applied!.UserId, request.ActionId!, applied.NewScore - applied.PreviousScore, applied.NewScore, applied.Rank),
            UserApiJson.Default.Seed003UpdateResponse);
    }

    private static IResult Error(Failure failure, string message, string? field = null) =>
        ApiErrors.Result(Dialect.Seed003, failure, message, field is null ? null : new() { ["field"] = field });
}
