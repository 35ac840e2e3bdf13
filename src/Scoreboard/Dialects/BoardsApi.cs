using Scoreboard.ApiDocs;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Metadata;
using Scoreboard.Ranking;
using Scoreboard.Replies;
using Scoreboard.Scoring;
using Scoreboard.Scoring.Boards;
using Scoreboard.Security.Tokens;
using Scoreboard.Storage;
using Error = Microsoft.AspNetCore.Http.HttpResults.JsonHttpResult<Scoreboard.Replies.PlainError>;

namespace Scoreboard.Dialects;

/// <summary>The <c>/api/v1/boards</c> reads: every board, by period, bare replies (no envelope), under the board read policy.</summary>
public static class BoardsApi
{
    public const int MaxLimit = 100;
    public const int MaxOffset = 1_000_000;
    public const int MaxRadius = 50;
    public const int MaxRankUsers = 100;

    public static RouteGroupBuilder MapBoards(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/boards").WithDialect(Dialect.Seed004).WithTags("Boards").RequireAuthorization(UserTokens.BoardReadPolicy)
            .WithMetadata(Fails(400), Fails(401), Fails(404));
        group.MapGet("", List).WithSummary("Every board: its definition and current period.");
        group.MapGet("/{id}", One).WithSummary("One board's definition and current period.");
        group.MapGet("/{id}/top", TopAsync).WithSummary("A page of a board's ranking in one period (default: the current one).");
        group.MapGet("/{id}/users/{userId}", UserAsync).WithSummary("A user's rank, score and top percentage on a board in one period.");
        group.MapGet("/{id}/users/{userId}/around", AroundAsync).WithSummary("The entries around a user on a board in one period.");
        group.MapPost("/{id}/ranks", RanksAsync).Reads<RanksRequest>().WithSummary("Ranks of up to 100 given users (e.g. friends) on the whole board, best first.");
        group.MapGet("/{id}/periods", Periods).WithSummary("The current period and the ended periods still kept, newest first.");
        return group;
    }

    /// <summary>OpenAPI metadata: the endpoint may answer <paramref name="status"/> with the error shape.</summary>
    public static ProducesResponseTypeMetadata Fails(int status) => new(status, typeof(PlainError), ["application/json"]);

    private static Ok<BoardsReply> List(BoardRegistry registry, TimeProvider clock)
    {
        var boards = registry.Current;
        var now = clock.GetUtcNow();
        return TypedResults.Ok(new BoardsReply([.. boards.Boards.Select(b => BoardReply.From(b, BoardPeriods.At(b, now, boards.SeasonsOf(b.Id))))]));
    }

    private static Results<Ok<BoardReply>, Error> One(string id, BoardRegistry registry, TimeProvider clock)
    {
        var boards = registry.Current;
        if (Find(boards, id) is { Error: { } error })
        {
            return error;
        }

        var board = boards.Find(id)!;
        return TypedResults.Ok(BoardReply.From(board, BoardPeriods.At(board, clock.GetUtcNow(), boards.SeasonsOf(id))));
    }

    private static async Task<Results<Ok<BoardTopReply>, Error>> TopAsync(
        string id, string? period, string? limit, string? offset, BoardRegistry registry, BoardReads reads, BoardStore store, IScoreStore ledger,
        TimeProvider clock, CancellationToken cancellationToken)
    {
        var (board, window, error) = Locate(registry, clock, id, period);
        if (error is not null)
        {
            return error;
        }

        if (!Requests.TryInt(limit, 10, 1, MaxLimit, out var count))
        {
            return BoardErrors.Plain(400, "INVALID_REQUEST", Requests.RangeMessage("limit", 1, MaxLimit), "limit");
        }

        if (!Requests.TryInt(offset, 0, 0, MaxOffset, out var skip))
        {
            return BoardErrors.Plain(400, "INVALID_REQUEST", Requests.RangeMessage("offset", 0, MaxOffset), "offset");
        }

        var seq = await store.LedgerPositionAsync(cancellationToken);
        var top = await reads.TopAsync(board, window.Key, skip, count, cancellationToken);
        var total = await reads.CountAsync(board, window.Key, cancellationToken);
        var metadata = await store.ReadMetadataAsync([.. top.Select(t => t.Standing.UserId)], cancellationToken);
        return TypedResults.Ok(new BoardTopReply(id, window, [.. top.Select(t => BoardEntry.From(t, metadata))], total, clock.GetUtcNow(), seq));
    }

    private static async Task<Results<Ok<BoardUserReply>, Error>> UserAsync(
        string id, string userId, string? period, BoardRegistry registry, BoardReads reads, BoardStore store, TimeProvider clock, CancellationToken cancellationToken)
    {
        var (board, window, error) = Locate(registry, clock, id, period, userId);
        if (error is not null)
        {
            return error;
        }

        if (await reads.FindAsync(board, window.Key, userId, cancellationToken) is not { } found)
        {
            return BoardErrors.Plain(404, "USER_NOT_FOUND", $"User '{userId}' has no standing on board '{id}' in period '{window.Key}'.", "userId");
        }

        var total = Math.Max(found.Rank, await reads.CountAsync(board, window.Key, cancellationToken));
        var entry = BoardEntry.From(found, await store.ReadMetadataAsync([userId], cancellationToken));
        return TypedResults.Ok(new BoardUserReply(id, window, userId, entry.DisplayName, entry.Score, entry.Rank, total,
            (int)Math.Ceiling(100.0 * found.Rank / total), entry.Metadata));
    }

    private static async Task<Results<Ok<BoardEntriesReply>, Error>> AroundAsync(
        string id, string userId, string? period, string? radius, BoardRegistry registry, BoardReads reads, BoardStore store, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var (board, window, error) = Locate(registry, clock, id, period, userId);
        if (error is not null)
        {
            return error;
        }

        if (!Requests.TryInt(radius, 5, 0, MaxRadius, out var size))
        {
            return BoardErrors.Plain(400, "INVALID_REQUEST", Requests.RangeMessage("radius", 0, MaxRadius), "radius");
        }

        var around = await reads.AroundAsync(board, window.Key, userId, size, cancellationToken);
        return around.Count == 0
            ? BoardErrors.Plain(404, "USER_NOT_FOUND", $"User '{userId}' has no standing on board '{id}' in period '{window.Key}'.", "userId")
            : TypedResults.Ok(await EntriesAsync(id, window, around, board, reads, store, cancellationToken));
    }

    private static async Task<Results<Ok<BoardEntriesReply>, Error>> RanksAsync(
        string id, string? period, HttpContext context, BoardRegistry registry, BoardReads reads, BoardStore store, TimeProvider clock)
    {
        var cancellationToken = context.RequestAborted;
        var (board, window, error) = Locate(registry, clock, id, period);
        if (error is not null)
        {
            return error;
        }

        var body = await JsonBody.ReadAsync(context.Request, BoardsJson.Default.RanksRequest, cancellationToken);
        if (body.Value?.UserIds is not { Count: >= 1 and <= MaxRankUsers } userIds || userIds.Any(u => !Ids.IsValidUserId(u)))
        {
            return BoardErrors.Plain(body.Failure is null ? 400 : ApiErrors.Describe(Dialect.Seed004, body.Failure.Value).Status, "INVALID_REQUEST",
                $"'userIds' is a list of 1–{MaxRankUsers} user ids.", "userIds");
        }

        var found = new List<RankedStanding>();
        foreach (var user in userIds.Distinct(StringComparer.Ordinal))
        {
            if (await reads.FindAsync(board, window.Key, user!, cancellationToken) is { } ranked)
            {
                found.Add(ranked);
            }
        }

        return TypedResults.Ok(await EntriesAsync(id, window, [.. found.OrderBy(r => r.Rank)], board, reads, store, cancellationToken));
    }

    private static Results<Ok<BoardPeriodsReply>, Error> Periods(string id, BoardRegistry registry, TimeProvider clock)
    {
        var boards = registry.Current;
        if (Find(boards, id) is { Error: { } error })
        {
            return error;
        }

        var board = boards.Find(id)!;
        var now = clock.GetUtcNow();
        var current = BoardPeriods.At(board, now, boards.SeasonsOf(id))?.Key;
        return TypedResults.Ok(new BoardPeriodsReply([.. BoardPeriods.Recent(board, now, boards.SeasonsOf(id))
            .Select(p => new BoardPeriodReply(p.Key, p.StartsAt, p.EndsAt, p.Key == current))]));
    }

    private static async Task<BoardEntriesReply> EntriesAsync(
        string id, PeriodWindow window, IReadOnlyList<RankedStanding> ranked, BoardDefinition board, BoardReads reads, BoardStore store, CancellationToken cancellationToken)
    {
        var metadata = await store.ReadMetadataAsync([.. ranked.Select(r => r.Standing.UserId)], cancellationToken);
        var total = await reads.CountAsync(board, window.Key, cancellationToken);
        return new BoardEntriesReply(id, window, [.. ranked.Select(r => BoardEntry.From(r, metadata))], total);
    }

    private static (BoardDefinition? Board, Error? Error) Find(BoardSet boards, string id) =>
        !BoardDocument.IsValidId(id) ? (null, BoardErrors.Plain(400, "INVALID_BOARD", "A board id is 1–64 of a-z, 0-9, _ and -.", "id"))
        : boards.Find(id) is { } board ? (board, null)
        : (null, BoardErrors.Plain(404, "BOARD_NOT_FOUND", $"No board has id '{id}'.", "id"));

    /// <summary>The board and the period a read names, or the error to answer with (and then neither).</summary>
    private static (BoardDefinition Board, PeriodWindow Period, Error? Error) Locate(
        BoardRegistry registry, TimeProvider clock, string id, string? period, string? userId = null)
    {
        var boards = registry.Current;
        if (Find(boards, id) is { Error: { } error })
        {
            return (null!, null!, error);
        }

        if (userId is not null && !Ids.IsValidUserId(userId))
        {
            return (null!, null!, BoardErrors.Plain(400, "INVALID_REQUEST", Requests.UserIdMessage, "userId"));
        }

        var board = boards.Find(id)!;
        return BoardPeriods.Resolve(board, period, clock.GetUtcNow(), boards.SeasonsOf(id)) switch
        {
            (PeriodLookup.Found, { } window) => (board, window, null),
            (PeriodLookup.Malformed, _) => (null!, null!, BoardErrors.Plain(400, "INVALID_PERIOD", $"'{period}' is not a period of board '{id}'.", "period")),
            _ => (null!, null!, BoardErrors.Plain(404, "PERIOD_NOT_FOUND", $"Board '{id}' keeps no period '{period}'.", "period")),
        };
    }
}
