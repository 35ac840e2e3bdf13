using System.Text.Encodings.Web;
using System.Text.Json.Serialization;

namespace Scoreboard.Replies;

/// <summary>The seed document whose reply shapes an endpoint speaks; set once on each route group.</summary>
public enum Dialect
{
    Seed000,
    Seed001,
    Seed002,
    Seed003,
    Seed004,
}

/// <summary>Everything that can go wrong with a request, independent of how a dialect spells it.</summary>
public enum Failure
{
    Unauthenticated,
    Forbidden,
    InvalidRequest,
    FieldNotAllowed,
    PayloadTooLarge,
    UnsupportedMediaType,
    UnknownActionType,
    PointsOutOfRange,
    DuplicateAction,
    ActionIdOfAnotherUser,
    IdempotencyKeyReused,
    ScoreLimitReached,
    UserNotFound,
    StoreUnavailable,
    RateLimited,
    TimestampOutOfRange,
    InvalidSignature,
    InvalidTicket,
    TicketExpired,
    TicketTooEarly,
    TicketRequired,
    AccountFrozen,
    NotFound,
}

/// <summary>Writes errors in the shape of the endpoint's dialect, with the dialect's own codes.</summary>
public static class ApiErrors
{
    /// <summary>How every reply written through the HTTP JSON options escapes text: readable messages (<see cref="ReplyEncoder"/>).</summary>
    public static JavaScriptEncoder Encoder => ReplyEncoder.Instance;

    /// <summary>The HTTP status and error code a dialect gives a failure (002 §7.2 and 004 §10 name theirs).</summary>
    public static (int Status, string Code) Describe(Dialect dialect, Failure failure) => (failure, dialect) switch
    {
        (Failure.Unauthenticated, Dialect.Seed004) => (401, "UNAUTHENTICATED"),
        (Failure.Unauthenticated, _) => (401, "UNAUTHORIZED"),
        (Failure.Forbidden, Dialect.Seed004) => (403, "UNAUTHORIZED"),
        (Failure.Forbidden, _) => (403, "FORBIDDEN"),
        (Failure.InvalidRequest, _) => (400, "INVALID_REQUEST"),
        (Failure.FieldNotAllowed, _) => (400, "FIELD_NOT_ALLOWED"),
        (Failure.PayloadTooLarge, _) => (413, "PAYLOAD_TOO_LARGE"),
        (Failure.UnsupportedMediaType, _) => (415, "UNSUPPORTED_MEDIA_TYPE"),
        (Failure.UnknownActionType, Dialect.Seed002) => (400, "INVALID_ACTION"),
        (Failure.UnknownActionType, _) => (422, "UNKNOWN_ACTION_TYPE"),
        (Failure.PointsOutOfRange, Dialect.Seed002) => (400, "SCORE_VALIDATION_FAILED"),
        (Failure.PointsOutOfRange, _) => (400, "POINTS_OUT_OF_RANGE"),
        (Failure.DuplicateAction, Dialect.Seed004) => (409, "CONFLICT"),
        (Failure.DuplicateAction, _) => (409, "DUPLICATE_ACTION"),
        (Failure.ActionIdOfAnotherUser, Dialect.Seed004) => (409, "CONFLICT"),
        (Failure.ActionIdOfAnotherUser, _) => (409, "DUPLICATE_ACTION"),
        (Failure.IdempotencyKeyReused, _) => (422, "IDEMPOTENCY_KEY_REUSED"),
        (Failure.ScoreLimitReached, _) => (422, "SCORE_LIMIT_REACHED"),
        (Failure.UserNotFound, _) => (404, "USER_NOT_FOUND"),
        (Failure.StoreUnavailable, Dialect.Seed002) => (503, "DATABASE_ERROR"),
        (Failure.StoreUnavailable, _) => (503, "SERVICE_UNAVAILABLE"),
        (Failure.RateLimited, _) => (429, "RATE_LIMIT_EXCEEDED"),
        (Failure.TimestampOutOfRange, _) => (400, "TIMESTAMP_OUT_OF_RANGE"),
        (Failure.InvalidSignature, Dialect.Seed002) => (403, "FORBIDDEN"),
        (Failure.InvalidSignature, _) => (403, "INVALID_SIGNATURE"),
        (Failure.InvalidTicket, _) => (403, "INVALID_TICKET"),
        (Failure.TicketExpired, _) => (400, "TICKET_EXPIRED"),
        (Failure.TicketTooEarly, _) => (400, "TICKET_TOO_EARLY"),
        (Failure.TicketRequired, _) => (403, "TICKET_REQUIRED"),
        (Failure.AccountFrozen, Dialect.Seed002) => (403, "FORBIDDEN"),
        (Failure.AccountFrozen, _) => (403, "ACCOUNT_FROZEN"),
        (Failure.NotFound, _) => (404, "NOT_FOUND"),
        _ => (500, "INTERNAL_ERROR"),
    };

    /// <summary>An error reply in <paramref name="dialect"/>'s envelope.</summary>
    public static IResult Result(Dialect dialect, Failure failure, string message, Dictionary<string, string>? details = null)
    {
        var (status, code) = Describe(dialect, failure);
        return Result(dialect, status, new ErrorBody(code, message, details ?? []));
    }

    /// <summary>An error reply with its own <paramref name="status"/> and <paramref name="body"/>, in <paramref name="dialect"/>'s envelope.</summary>
    public static IResult Result(Dialect dialect, int status, ErrorBody body)
    {
        var envelope = Envelope(dialect, body);
        // Through the HTTP JSON options (ErrorJson is in their resolver chain), so the encoder set there applies.
        return envelope switch
        {
            Seed000Error e => TypedResults.Json(e, statusCode: status),
            StatusError e => TypedResults.Json(e, statusCode: status),
            SuccessError e => TypedResults.Json(e, statusCode: status),
            _ => TypedResults.Json((PlainError)envelope, statusCode: status),
        };
    }

    /// <summary>The envelope <paramref name="dialect"/> wraps an error in; the API description shows the same.</summary>
    public static object Envelope(Dialect dialect, ErrorBody body) => dialect switch
    {
        Dialect.Seed000 => new Seed000Error(false, body.Message, body.Code),
        Dialect.Seed001 => new StatusError("error", body),
        Dialect.Seed002 => new SuccessError(false, body with { Timestamp = body.Timestamp ?? DateTimeOffset.UtcNow }),
        _ => new PlainError(body),
    };

    /// <summary>Writes an error for the current endpoint, outside a handler (authentication, rate limiting).</summary>
    public static Task WriteAsync(HttpContext context, Failure failure, string message)
    {
        var dialect = context.GetEndpoint()?.Metadata.GetMetadata<DialectMetadata>()?.Dialect ?? Dialect.Seed004;
        return Result(dialect, failure, message).ExecuteAsync(context);
    }

    /// <summary>Marks every endpoint of a group with its dialect.</summary>
    public static TBuilder WithDialect<TBuilder>(this TBuilder builder, Dialect dialect)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new DialectMetadata(dialect));
}

/// <summary>Endpoint metadata naming the dialect.</summary>
public sealed record DialectMetadata(Dialect Dialect);

/// <summary>The error object all dialects share.</summary>
public sealed record ErrorBody(
    string Code,
    string Message,
    Dictionary<string, string> Details,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateTimeOffset? Timestamp = null);

/// <summary>004 §10: <c>{ "error": {...} }</c>.</summary>
public sealed record PlainError(ErrorBody Error);

/// <summary>001, whose replies carry a <c>status</c>.</summary>
public sealed record StatusError(string Status, ErrorBody Error);

/// <summary>000: <c>{ "success": false, "error": "message" }</c>, with the code beside it for programs.</summary>
public sealed record Seed000Error(bool Success, string Error, string Code);

/// <summary>002 §7.1: <c>{ "success": false, "error": {...} }</c>.</summary>
public sealed record SuccessError(bool Success, ErrorBody Error);

[JsonSourceGenerationOptions(System.Text.Json.JsonSerializerDefaults.Web, Converters = [typeof(UtcTimestampConverter)])]
[JsonSerializable(typeof(PlainError))]
[JsonSerializable(typeof(StatusError))]
[JsonSerializable(typeof(SuccessError))]
[JsonSerializable(typeof(Seed000Error))]
internal sealed partial class ErrorJson : JsonSerializerContext;
