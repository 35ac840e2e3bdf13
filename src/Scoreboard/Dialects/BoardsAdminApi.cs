using Scoreboard.ApiDocs;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Metadata;
using Scoreboard.Diagnostics;
using Scoreboard.Replies;
using Scoreboard.Scoring.Boards;
using Scoreboard.Storage;
using AdminError = Microsoft.AspNetCore.Http.HttpResults.JsonHttpResult<Scoreboard.Replies.SuccessError>;

namespace Scoreboard.Dialects;

/// <summary>
/// Boards defined through the admin API (under the admin group's key check, in its <c>{success, data}</c> envelope).
/// A board's rule (operator, order, period, zone, week start) never changes once it counts credits: make a new board.
/// </summary>
public static class BoardsAdminApi
{
    /// <summary>Bounds the boards a store holds, so the registry, every credit's board loop and the index stay bounded.</summary>
    public const int MaxStoredBoards = 100;

    public static RouteGroupBuilder MapBoardsAdmin(this RouteGroupBuilder admin)
    {
        admin.MapPut("/boards/{id}", PutAsync).Reads<BoardDocument>()
            .Refuses(400, "INVALID_BOARD", "the definition is not valid (also INVALID_BOARD_ID, INVALID_PERIOD_RULE, INVALID_TIME_ZONE)")
            .Refuses(409, "BOARD_RULE_FIXED", "operator, order, period or time zone of an existing board would change")
            .Refuses(409, "BOARD_READ_ONLY", "the board is built in or configured")
            .Refuses(409, "BOARD_LIMIT_REACHED", $"{MaxStoredBoards} boards are stored already")
            .WithSummary("Creates a board, or changes a stored board's title, action types or kept periods.");
        admin.MapDelete("/boards/{id}", DeleteAsync)
            .Refuses(400, "INVALID_BOARD", "the board id is not valid")
            .Refuses(404, "BOARD_NOT_FOUND", "no board has this id")
            .Refuses(409, "BOARD_READ_ONLY", "the board is built in or configured")
            .WithSummary("Removes a stored board and its standings (the ledger keeps every event).");
        admin.MapPut("/boards/{id}/seasons/{seasonId}", PutSeasonAsync).Reads<SeasonRequest>()
            .Refuses(400, "INVALID_SEASON", "the season's id or times are not valid, or it overlaps another")
            .Refuses(404, "BOARD_NOT_FOUND", "no board has this id")
            .Refuses(409, "NOT_A_SEASON_BOARD", "the board's period is not season")
            .Refuses(409, "INVALID_SEASON", "the season overlaps another")
            .WithSummary("Creates or moves a season of a season board.");
        return admin;
    }

    private static async Task<Results<Ok<Envelope<BoardReply>>, Created<Envelope<BoardReply>>, AdminError>> PutAsync(
        string id, HttpContext context, BoardRegistry registry, BoardStore store, TimeProvider clock, ILogger<BoardRegistry> logger)
    {
        if (await WritableAsync(id, registry, context.RequestAborted) is { } refused)
        {
            return refused;
        }

        var body = await JsonBody.ReadAsync(context.Request, BoardsJson.Default.BoardDocument, context.RequestAborted);
        if (body.Value is not { } document)
        {
            var (status, code) = ApiErrors.Describe(Dialect.Seed002, body.Failure!.Value);
            return BoardErrors.Admin(status, code, body.Message, body.Field);
        }

        var existing = registry.Current.Find(id);
        var now = clock.GetUtcNow();
        var createdAt = existing?.CreatedAt ?? now + BoardRegistry.ActivationDelay;
        var (board, problem) = document.ToDefinition(id, createdAt, fromConfiguration: false);
        if (problem is not null)
        {
            return BoardErrors.Admin(400, problem.Code, problem.Message);
        }

        if (existing is not null && (existing.Operator, existing.Order, existing.Period, existing.TimeZone, existing.WeekStart)
            != (board!.Operator, board.Order, board.Period, board.TimeZone, board.WeekStart))
        {
            return BoardErrors.Admin(409, "BOARD_RULE_FIXED",
                "A board's operator, order, period, timeZone and weekStart cannot change once it counts credits; create a new board.");
        }

        if (existing is null && registry.Current.Boards.Count(b => !b.FromConfiguration) >= MaxStoredBoards)
        {
            return BoardErrors.Admin(409, "BOARD_LIMIT_REACHED", $"At most {MaxStoredBoards} boards can be stored; delete one first.");
        }

        var definition = JsonSerializer.Serialize(BoardDocument.From(board!), BoardsJson.Default.BoardDocument);
        await store.SaveBoardAsync(new StoredBoard(id, definition, createdAt), existing is null, context.RequestAborted);
        await registry.LoadAsync(context.RequestAborted);
        Log.BoardChanged(logger, id, existing is null ? "created" : "changed");
        var reply = new Envelope<BoardReply>(true, BoardReply.From(board!, BoardPeriods.At(board!, now, registry.Current.SeasonsOf(id))));
        return existing is null ? TypedResults.Created($"/api/v1/boards/{id}", reply) : TypedResults.Ok(reply);
    }

    private static async Task<Results<Ok<Envelope<DeletedBoard>>, AdminError>> DeleteAsync(
        string id, BoardRegistry registry, BoardStore store, ILogger<BoardRegistry> logger, CancellationToken cancellationToken)
    {
        if (await WritableAsync(id, registry, cancellationToken) is { } refused)
        {
            return refused;
        }

        if (!await store.DeleteBoardAsync(id, cancellationToken))
        {
            return BoardErrors.Admin(404, "BOARD_NOT_FOUND", $"No board has id '{id}'.", "id");
        }

        await registry.LoadAsync(cancellationToken);
        Log.BoardChanged(logger, id, "deleted");
        return TypedResults.Ok(new Envelope<DeletedBoard>(true, new DeletedBoard(id, true)));
    }

    private static async Task<Results<Ok<Envelope<SeasonReply>>, AdminError>> PutSeasonAsync(
        string id, string seasonId, HttpContext context, BoardRegistry registry, BoardStore store)
    {
        await registry.LoadAsync(context.RequestAborted);
        if (!BoardDocument.IsValidId(id) || registry.Current.Find(id) is not { } board)
        {
            return BoardDocument.IsValidId(id)
                ? BoardErrors.Admin(404, "BOARD_NOT_FOUND", $"No board has id '{id}'.", "id")
                : BoardErrors.Admin(400, "INVALID_BOARD", "A board id is 1–64 of a-z, 0-9, _ and -.", "id");
        }

        if (board.Period != "season")
        {
            return BoardErrors.Admin(409, "NOT_A_SEASON_BOARD", $"Board '{id}' has period '{board.Period}', not season.");
        }

        var body = await JsonBody.ReadAsync(context.Request, BoardsJson.Default.SeasonRequest, context.RequestAborted);
        if (body.Value is not { StartsAt: { } starts, EndsAt: { } ends })
        {
            return BoardErrors.Admin(400, "INVALID_SEASON", "'startsAt' and 'endsAt' are UTC times, startsAt before endsAt.");
        }

        var season = new Season(seasonId, starts.ToUniversalTime(), ends.ToUniversalTime());
        if (BoardPeriods.ValidateSeason(season, registry.Current.SeasonsOf(id)) is { } problem)
        {
            return BoardErrors.Admin(problem.Message.Contains("overlap", StringComparison.Ordinal) ? 409 : 400, problem.Code, problem.Message);
        }

        await store.SaveSeasonAsync(id, season, context.RequestAborted);
        await registry.LoadAsync(context.RequestAborted);
        return TypedResults.Ok(new Envelope<SeasonReply>(true, new SeasonReply(id, seasonId, season.StartsAt, season.EndsAt)));
    }

    /// <summary>Null when the admin API may change board <paramref name="id"/>; otherwise the refusal.</summary>
    private static async Task<AdminError?> WritableAsync(string id, BoardRegistry registry, CancellationToken cancellationToken)
    {
        if (!BoardDocument.IsValidId(id))
        {
            return BoardErrors.Admin(400, "INVALID_BOARD", "A board id is 1–64 of a-z, 0-9, _ and -.", "id");
        }

        // The freshest view, so two admins on two instances see each other's boards.
        await registry.LoadAsync(cancellationToken);
        return registry.Current.Find(id) is { FromConfiguration: true }
            ? BoardErrors.Admin(409, "BOARD_READ_ONLY", $"Board '{id}' is {(id == BoardDefinition.GlobalId ? "built in" : "configured")}; the admin API cannot change it.")
            : null;
    }
}
