using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using Scoreboard.Replies;
using Scoreboard.Scoring;
using Scoreboard.Scoring.Boards;

namespace Scoreboard.Dialects;

/// <summary>A board as the <c>/api/v1/boards</c> reads show it: its definition, where it comes from, and its current period.</summary>
/// <param name="Source"><c>built-in</c> (global), <c>configuration</c>, or <c>api</c> (changeable through the admin API).</param>
public sealed record BoardReply(
    string Id, string Title, IReadOnlyList<string> ActionTypes, string Operator, string Order, string Period, string TimeZone,
    string WeekStart, int KeepPeriods, string Source, PeriodWindow? CurrentPeriod)
{
    public static BoardReply From(BoardDefinition board, PeriodWindow? current) => new(
        board.Id, board.Title, board.ActionTypes, BoardDocument.Name(board.Operator), BoardDocument.Name(board.Order), board.Period,
        board.TimeZone, BoardDocument.Name(board.WeekStart), board.KeepPeriods,
        board.Id == BoardDefinition.GlobalId ? "built-in" : board.FromConfiguration ? "configuration" : "api", current);
}

public sealed record BoardsReply(IReadOnlyList<BoardReply> Boards);

/// <summary>One row of a board; <c>metadata</c> only for users who have some.</summary>
public sealed record BoardEntry(
    long Rank, string UserId, string DisplayName, long Score,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] JsonElement? Metadata)
{
    public static BoardEntry From(RankedStanding ranked, IReadOnlyDictionary<string, string> metadata) => new(
        ranked.Rank, ranked.Standing.UserId, ranked.Standing.Name, ranked.Standing.Score,
        metadata.TryGetValue(ranked.Standing.UserId, out var json) ? JsonDocument.Parse(json).RootElement.Clone() : null);
}

/// <summary><c>seq</c> is the ledger position read just before the entries: it never falls as the board changes.</summary>
public sealed record BoardTopReply(string Board, PeriodWindow Period, IReadOnlyList<BoardEntry> Entries, long Total, DateTimeOffset GeneratedAt, long Seq);

public sealed record BoardUserReply(
    string Board, PeriodWindow Period, string UserId, string DisplayName, long Score, long Rank, long Total, int TopPercent,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] JsonElement? Metadata);

public sealed record BoardEntriesReply(string Board, PeriodWindow Period, IReadOnlyList<BoardEntry> Entries, long Total);

public sealed record BoardPeriodReply(string Key, DateTimeOffset? StartsAt, DateTimeOffset? EndsAt, bool Current);

public sealed record BoardPeriodsReply(IReadOnlyList<BoardPeriodReply> Periods);

public sealed record RanksRequest(IReadOnlyList<string?>? UserIds);

public sealed record SeasonRequest(DateTimeOffset? StartsAt, DateTimeOffset? EndsAt);

public sealed record SeasonReply(string BoardId, string Id, DateTimeOffset StartsAt, DateTimeOffset EndsAt);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, MaxDepth = 32, Converters = [typeof(UtcTimestampConverter)])]
[JsonSerializable(typeof(BoardsReply))]
[JsonSerializable(typeof(BoardReply))]
[JsonSerializable(typeof(BoardTopReply))]
[JsonSerializable(typeof(BoardUserReply))]
[JsonSerializable(typeof(BoardEntriesReply))]
[JsonSerializable(typeof(BoardPeriodsReply))]
[JsonSerializable(typeof(RanksRequest))]
[JsonSerializable(typeof(SeasonRequest))]
[JsonSerializable(typeof(BoardDocument))]
[JsonSerializable(typeof(Envelope<BoardReply>))]
[JsonSerializable(typeof(Envelope<SeasonReply>))]
[JsonSerializable(typeof(Envelope<DeletedBoard>))]
internal sealed partial class BoardsJson : JsonSerializerContext;

public sealed record DeletedBoard(string Id, bool Deleted);

/// <summary>Error replies of the boards' endpoints, with their own codes in the shapes the API already uses.</summary>
internal static class BoardErrors
{
    public static JsonHttpResult<PlainError> Plain(int status, string code, string message, string? field = null) =>
        TypedResults.Json(new PlainError(Body(code, message, field)), statusCode: status);

    public static JsonHttpResult<SuccessError> Admin(int status, string code, string message, string? field = null) =>
        TypedResults.Json(new SuccessError(false, Body(code, message, field) with { Timestamp = DateTimeOffset.UtcNow }), statusCode: status);

    private static ErrorBody Body(string code, string message, string? field) =>
        new(code, message, field is null ? [] : new() { ["field"] = field });
}
