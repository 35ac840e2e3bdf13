using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Serialization;
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

/// <summary>Seed 001's API: backend credits by action type with <c>X-API-KEY</c>, and the public leaderboard.</summary>
public static class Seed001Api
{
    public const int MaxLimit = 100;
    public const string IdempotencyKeyHeader = "Idempotency-Key";
    public const int MaxIdempotencyKeyLength = 128;

    public static RouteGroupBuilder MapSeed001(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("").WithDialect(Dialect.Seed001).WithTags("Seed 001");
        group.MapPost("/scores", CreditAsync).RequireAuthorization(ServiceKeyAuthentication.Policy).WithServiceKeyLimit()
            .WithMetadata(CreditEndpoint.Instance)
            .WithSummary("Credit a user by action type")
            .WithDescription("Points come from the action catalog. With an Idempotency-Key header (1–128 characters) a retry gets the first reply again, with Idempotent-Replayed: true; without one every call is a new action.")
            .Reads<ScoreRequest>().Produces<ScoreResponse>()
            .Fails(Failure.UnknownActionType, Failure.Forbidden, Failure.IdempotencyKeyReused, Failure.ScoreLimitReached, Failure.StoreUnavailable)
            .Example(new ScoreRequest("550e8400-e29b-41d4-a716-446655440000", "complete_level_5", "Ada"), new ScoreResponse("success", 50));
        group.MapGet("/leaderboard", LeaderboardAsync).RequireAuthorization(Security.Tokens.UserTokens.BoardReadPolicy).AsPublicRead()
            .WithSummary("The public leaderboard (limit 1–100, default 10; board, period)").TakesBoard().Produces<LeaderboardResponse>().Fails(Failure.InvalidRequest)
            .Example(null, new LeaderboardResponse([new(1, "550e8400-e29b-41d4-a716-446655440000", "Ada", 50)], EndpointDocs.ExampleTime));
        return group;
    }

    private static async Task<IResult> CreditAsync(HttpContext context, LedgerWriter ledger, ActionCatalog catalog)
    {
        var body = await JsonBody.ReadAsync(context.Request, Seed001Json.Default.ScoreRequest, context.RequestAborted);
        if (body.Value is not { } request)
        {
            return Error(body.Failure!.Value, body.Message, body.Field);
        }

        if (!Ids.IsValidUserId(request.UserId))
        {
            return Error(Failure.InvalidRequest, Requests.UserIdMessage, "user_id");
        }

        if (!Ids.IsValidActionType(request.ActionId))
        {
            return Error(Failure.InvalidRequest, $"'action_id' names an action type: 1–{Ids.MaxActionTypeLength} letters, digits and _ - . : @.", "action_id");
        }

        if (request.Username is not null && !Ids.IsValidDisplayName(request.Username))
        {
            return Error(Failure.InvalidRequest, $"'username' is 1–{Ids.MaxDisplayNameLength} printable characters.", "username");
        }

        var (points, refusal) = catalog.Resolve(request.ActionId!, null);
        if (refusal != PointsRefusal.None)
        {
            return Error(Failure.UnknownActionType, $"Action '{request.ActionId}' is not in the score configuration.", "action_id");
        }

        var key = ServiceKeyAuthentication.KeyOf(context.User);
        if (!key.Allows(request.ActionId!))
        {
            return Error(Failure.Forbidden, $"Service key '{key.Name}' may not credit '{request.ActionId}'.");
        }

        var idempotencyKey = context.Request.Headers[IdempotencyKeyHeader].ToString();
        if (idempotencyKey.Length > 0 && !IsValidIdempotencyKey(idempotencyKey))
        {
            return Error(Failure.InvalidRequest, $"{IdempotencyKeyHeader} is 1–{MaxIdempotencyKeyLength} characters of letters, digits and - _ . : ~ + / = (a UUID or base64 fits).", IdempotencyKeyHeader);
        }

        // 001 §4.1: without the header every call is a new action; with it, the key is the action's identity within the
        // service key's scope (the key name inside the id is redundant since the scope, and kept so stored ids stay valid).
        var actionId = idempotencyKey.Length > 0 ? $"idem:{key.Name}:{idempotencyKey}" : $"auto:{Guid.CreateVersion7():N}";
        var fingerprint = Fingerprint(request);
        var credit = new Credit(request.UserId!, actionId, request.ActionId!, points, "seed-001", key.Name,
            Ids.DisplayName(request.Username), null, Requests.Ip(context), Requests.UserAgent(context), fingerprint) { Scope = CallerScopes.ServiceKey(key.Name) };

        var outcome = await Credits.TrySubmitAsync(context, ledger, credit);
        switch (outcome)
        {
            case null:
                return Error(Failure.StoreUnavailable, Credits.UnavailableMessage(context));
            case { Status: CreditStatus.Applied }:
                return TypedResults.Ok(new ScoreResponse("success", outcome.Standing!.Score));
            case { Status: CreditStatus.Duplicate, Event: { } original } when original.RequestHash == fingerprint:
                context.Response.Headers["Idempotent-Replayed"] = "true";
                return TypedResults.Ok(new ScoreResponse("success", original.ScoreAfter));
            case { Status: CreditStatus.Duplicate }:
                return Error(Failure.IdempotencyKeyReused, $"This {IdempotencyKeyHeader} was used with a different request body.", IdempotencyKeyHeader);
            default:
                return Error(Failure.ScoreLimitReached, $"The credit would take the score past {ScoreLimits.MaxScore}; nothing was applied.");
        }
    }

    private static async Task<IResult> LeaderboardAsync(string? limit, HttpContext context, BoardRegistry registry, TimeProvider clock)
    {
        if (!Requests.TryInt(limit, 10, 1, MaxLimit, out var count))
        {
            return Error(Failure.InvalidRequest, Requests.RangeMessage("limit", 1, MaxLimit), "limit");
        }

        var selection = BoardQuery.Resolve(context.Request, registry, clock);
        return selection.Status != 0 ? BoardRefusals.Result(Dialect.Seed001, selection)
            : await CachedReads.TopAsync(context, selection, ReadShape.Seed001Leaderboard, count, (top, now, _) => ToLeaderboard(top, now));
    }

    private static bool IsValidIdempotencyKey(string key) =>
        key.Length <= MaxIdempotencyKeyLength && key.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or ':' or '~' or '+' or '/' or '=');

    private static string Fingerprint(ScoreRequest request) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{request.UserId}\n{request.ActionId}\n{request.Username}")));

    private static IResult Error(Failure failure, string message, string? field = null) =>
        ApiErrors.Result(Dialect.Seed001, failure, message, field is null ? null : new() { ["field"] = field });
}

public sealed record ScoreRequest(
    [property: JsonPropertyName("user_id")] string? UserId,
    [property: JsonPropertyName("action_id")] string? ActionId,
    [property: JsonPropertyName("username")] string? Username);

public sealed record ScoreResponse(
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("new_score")] long NewScore);

[JsonSourceGenerationOptions(System.Text.Json.JsonSerializerDefaults.Web, MaxDepth = 32, Converters = [typeof(UtcTimestampConverter)])]
[JsonSerializable(typeof(ScoreRequest))]
[JsonSerializable(typeof(ScoreResponse))]
[JsonSerializable(typeof(LeaderboardResponse))]
internal sealed partial class Seed001Json : JsonSerializerContext;
