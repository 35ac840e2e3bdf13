using System.Text.Json.Serialization;
using Scoreboard.Ranking;
using Scoreboard.Reads;
using Scoreboard.Replies;
using Scoreboard.Storage;
using Scoreboard.Scoring;
using Scoreboard.ApiDocs;
using static Scoreboard.Replies.SeedRows;

namespace Scoreboard.Dialects;

/// <summary>Seed 002's read API (leaderboard pages, one user's score and rank) and the around-me window.</summary>
public static class Seed002Api
{
    public const int MaxLimit = 100;
    public const int MaxOffset = 1_000_000;
    public const int MaxRadius = 50;

    public static RouteGroupBuilder MapSeed002(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/scores").WithDialect(Dialect.Seed002).WithTags("Seed 002")
            .RequireAuthorization(Security.Tokens.UserTokens.BoardReadPolicy).AsPublicRead();
        group.MapGet("/leaderboard", LeaderboardAsync)
            .WithSummary("A page of the leaderboard (limit 1–100, offset)").TakesBoard().Produces<Envelope<LeaderboardPage>>().Fails(Failure.InvalidRequest)
            .Example(null, new Envelope<LeaderboardPage>(true, new([ExampleRow], EndpointDocs.ExampleTime, true)));
        group.MapGet("/user/{userId}", UserAsync)
            .WithSummary("One user's score and rank").TakesBoard().Produces<Envelope<UserRow>>().Fails(Failure.InvalidRequest, Failure.UserNotFound)
            .Example(null, new Envelope<UserRow>(true, ExampleRow));
        group.MapGet("/user/{userId}/around", AroundAsync)
            .WithSummary("A user and their neighbours (radius 0–50, default 5)").TakesBoard().Produces<Envelope<AroundWindow>>().Fails(Failure.InvalidRequest, Failure.UserNotFound)
            .Example(null, new Envelope<AroundWindow>(true, new("user_123", [ExampleRow])));
        return group;
    }

    private static async Task<IResult> LeaderboardAsync(
        string? limit, string? offset, HttpContext context, BoardRegistry registry, BoardReads reads, TimeProvider clock)
    {
        if (!Requests.TryInt(limit, 10, 1, MaxLimit, out var count))
        {
            return Error(Failure.InvalidRequest, Requests.RangeMessage("limit", 1, MaxLimit), "limit");
        }

        if (!Requests.TryInt(offset, 0, 0, MaxOffset, out var skip))
        {
            return Error(Failure.InvalidRequest, Requests.RangeMessage("offset", 0, MaxOffset), "offset");
        }

        if (Select(context, registry, clock) is not { } selection)
        {
            return Refusal(context, registry, clock);
        }

        if (CachedReads.Serves(skip, count))
        {
            // cacheHit says whether this very reply came from the read cache.
            return await CachedReads.TopAsync(context, selection, ReadShape.Seed002Leaderboard, count,
                (top, now, hit) => new Envelope<LeaderboardPage>(true, new(top.Select(ToRow).ToList(), now, hit)));
        }

        var page = await reads.TopAsync(selection.Board, selection.Period.Key, skip, count, context.RequestAborted);
        return TypedResults.Ok(new Envelope<LeaderboardPage>(true, new(page.Select(ToRow).ToList(), clock.GetUtcNow(), CacheHit: false)));
    }

    private static async Task<IResult> UserAsync(string userId, HttpContext context, BoardRegistry registry, BoardReads reads, TimeProvider clock)
    {
        if (!Ids.IsValidUserId(userId))
        {
            return Error(Failure.InvalidRequest, Requests.UserIdMessage, "userId");
        }

        if (Select(context, registry, clock) is not { } selection)
        {
            return Refusal(context, registry, clock);
        }

        // A rank is one O(log N) lookup in the board's index.
        return await reads.FindAsync(selection.Board, selection.Period.Key, userId, context.RequestAborted) is { } ranked
            ? JsonReply.Ok(new Envelope<UserRow>(true, ToRow(ranked)))
            : Error(Failure.UserNotFound, $"No score is recorded for user '{userId}'.", "userId");
    }

    private static async Task<IResult> AroundAsync(
        string userId, string? radius, HttpContext context, BoardRegistry registry, BoardReads reads, TimeProvider clock)
    {
        if (!Ids.IsValidUserId(userId))
        {
            return Error(Failure.InvalidRequest, Requests.UserIdMessage, "userId");
        }

        if (!Requests.TryInt(radius, 5, 0, MaxRadius, out var width))
        {
            return Error(Failure.InvalidRequest, Requests.RangeMessage("radius", 0, MaxRadius), "radius");
        }

        if (Select(context, registry, clock) is not { } selection)
        {
            return Refusal(context, registry, clock);
        }

        var window = await reads.AroundAsync(selection.Board, selection.Period.Key, userId, width, context.RequestAborted);
        return window.Count == 0
            ? Error(Failure.UserNotFound, $"No score is recorded for user '{userId}'.", "userId")
            : JsonReply.Ok(new Envelope<AroundWindow>(true, new(userId, window.Select(ToRow).ToList())));
    }

    /// <summary>The board and period the request names, or null when they are refused (see <see cref="Refusal"/>).</summary>
    private static BoardSelection? Select(HttpContext context, BoardRegistry registry, TimeProvider clock) =>
        BoardQuery.Resolve(context.Request, registry, clock) is { Status: 0 } selection ? selection : null;

    private static IResult Refusal(HttpContext context, BoardRegistry registry, TimeProvider clock) =>
        BoardRefusals.Result(Dialect.Seed002, BoardQuery.Resolve(context.Request, registry, clock));

    private static readonly UserRow ExampleRow = new(1, "user_123", "Ada", 120, EndpointDocs.ExampleTime);

    private static IResult Error(Failure failure, string message, string? field = null) =>
        ApiErrors.Result(Dialect.Seed002, failure, message, field is null ? null : new() { ["field"] = field });
}

public sealed record LeaderboardPage(IReadOnlyList<UserRow> Leaderboard, DateTimeOffset Timestamp, bool CacheHit);

public sealed record AroundWindow(string UserId, IReadOnlyList<UserRow> Entries);

[JsonSourceGenerationOptions(System.Text.Json.JsonSerializerDefaults.Web, MaxDepth = 32, Converters = [typeof(UtcTimestampConverter)])]
[JsonSerializable(typeof(Envelope<LeaderboardPage>))]
[JsonSerializable(typeof(Envelope<UserRow>))]
[JsonSerializable(typeof(Envelope<AroundWindow>))]
internal sealed partial class Seed002Json : JsonSerializerContext;
