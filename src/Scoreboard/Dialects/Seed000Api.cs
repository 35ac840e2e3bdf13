using System.Text.Json;
using Scoreboard.Crediting;
using Scoreboard.Ranking;
using Scoreboard.Reads;
using Scoreboard.Replies;
using Scoreboard.Storage;
using Scoreboard.Scoring;
using Scoreboard.Security.Signing;
using Scoreboard.Security.Tokens;
using Scoreboard.ApiDocs;

namespace Scoreboard.Dialects;

/// <summary>Seed 000's API: signed user credits (sharing their path with 002) and the JWT-only leaderboard.</summary>
public static class Seed000Api
{
    public const int MaxLimit = 100;

    /// <summary>Unix timestamps above this are taken as milliseconds (JavaScript's Date.now()).</summary>
    private const long MillisecondsFrom = 100_000_000_000;

    public static RouteGroupBuilder MapSeed000(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1").WithDialect(Dialect.Seed000).WithTags("Seed 000");
        group.MapGet("/leaderboard", LeaderboardAsync).RequireAuthorization(UserTokens.UserPolicy)
            .WithSummary("The leaderboard for signed-in users (limit 1–100, default 10; board, period)").TakesBoard().Produces<Seed000Leaderboard>().Fails(Failure.InvalidRequest)
            .Example(null, new Seed000Leaderboard([new("user-123", "Ada", 120, 1)], 1760697000));
        return group;
    }

    internal static async Task<IResult> UpdateAsync(
        HttpContext context, ScoresUpdateRequest request, UserCredits credits, SigningKeys keys)
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

        if (request.Timestamp is not { ValueKind: JsonValueKind.Number } element || !element.TryGetInt64(out var timestamp) || timestamp < 0)
        {
            return Error(Failure.InvalidRequest, "'timestamp' must be a whole Unix time in seconds.", "timestamp");
        }

        var at = timestamp >= MillisecondsFrom ? DateTimeOffset.FromUnixTimeMilliseconds(Math.Min(timestamp, 253_402_300_799_999))
            : DateTimeOffset.FromUnixTimeSeconds(Math.Min(timestamp, 253_402_300_799));
        var canonical = RequestSignatures.Canonical000(request.ActionId!, timestamp, user.UserId);
        if (!RequestSignatures.Verify(keys.KeyFor(user.UserId), canonical, request.Signature))
        {
            CreditTally.Refuse(context, RefusalReason.Signature);
            return Error(Failure.InvalidSignature, "The signature does not match actionId, timestamp and your user id.", "signature");
        }

        var (applied, error) = await credits.CreditAsync(context, new(Dialect.Seed000, user, request.ActionId!, null, null, "seed-000", at));
        return error ?? TypedResults.Json(new Seed000UpdateResponse(true, applied!.NewScore, applied.Rank, null), UserApiJson.Default.Seed000UpdateResponse);
    }

    private static async Task<IResult> LeaderboardAsync(string? limit, HttpContext context, BoardRegistry registry, TimeProvider clock)
    {
        if (!Requests.TryInt(limit, 10, 1, MaxLimit, out var count))
        {
            return Error(Failure.InvalidRequest, Requests.RangeMessage("limit", 1, MaxLimit), "limit");
        }

        var selection = BoardQuery.Resolve(context.Request, registry, clock);
        return selection.Status != 0 ? BoardRefusals.Result(Dialect.Seed000, selection)
            : await CachedReads.TopAsync(context, selection, ReadShape.Seed000Leaderboard, count, (top, now, _) => JsonSerializer.SerializeToUtf8Bytes(ToLeaderboard(top, now), UserApiJson.Default.Seed000Leaderboard), userOnly: true);
    }

    private static Seed000Leaderboard ToLeaderboard(IReadOnlyList<RankedStanding> top, DateTimeOffset now)
    {
        var last = top.Count == 0 ? now : top.Max(r => r.Standing.UpdatedAt);
        var rankings = top.Select(r => new Seed000Ranking(r.Standing.UserId, r.Standing.Name, r.Standing.Score, r.Rank)).ToList();
        return new Seed000Leaderboard(rankings, last.ToUnixTimeSeconds());
    }

    private static IResult Error(Failure failure, string message, string? field = null) =>
        ApiErrors.Result(Dialect.Seed000, failure, message, field is null ? null : new() { ["field"] = field });
}
