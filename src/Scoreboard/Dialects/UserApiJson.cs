using System.Text.Json;
using System.Text.Json.Serialization;
using Scoreboard.Replies;

namespace Scoreboard.Dialects;

/// <summary>
/// The body of <c>POST /api/v1/scores/update</c>, which 000 and 002 share: 000 sends <c>signature</c> and a Unix
/// timestamp, 002 sends <c>clientSignature</c>, <c>actionType</c>, <c>scoreIncrement</c> and an ISO timestamp.
/// </summary>
public sealed record ScoresUpdateRequest(
    string? ActionId,
    JsonElement? Timestamp,
    string? Signature,
    string? ActionType,
    long? ScoreIncrement,
    string? ClientSignature,
    string? UserId)
{
    /// <summary>The body's own fields tell which document's client is calling.</summary>
    public bool IsSeed002 => ClientSignature is not null || ActionType is not null || ScoreIncrement is not null
        || Timestamp is { ValueKind: JsonValueKind.String };
}

/// <summary>000's reply: <c>{success, newScore, rank, error}</c>.</summary>
public sealed record Seed000UpdateResponse(bool Success, long NewScore, long Rank, string? Error);

/// <summary>002's reply data for a credit.</summary>
public sealed record Seed002UpdateData(string UserId, long NewScore, long PreviousScore, long Rank, DateTimeOffset Timestamp);

public sealed record Seed000Ranking(string UserId, string Username, long Score, long Rank);

/// <summary>000's leaderboard: <c>{rankings[], lastUpdated}</c>, lastUpdated in Unix seconds.</summary>
public sealed record Seed000Leaderboard(IReadOnlyList<Seed000Ranking> Rankings, long LastUpdated);

/// <summary>003's body: <c>{actionId, actionSignature, points}</c>.</summary>
public sealed record Seed003UpdateRequest(string? ActionId, string? ActionSignature, long? Points, string? UserId);

public sealed record Seed003UpdateResponse(bool Success, string UserId, string ActionId, long Points, long NewScore, long Rank);

public sealed record TicketData(string Ticket, string ActionType, DateTimeOffset IssuedAt, DateTimeOffset NotBefore, DateTimeOffset ExpiresAt);

public sealed record CompleteRequest(string? Ticket, long? Points);

public sealed record DemoTokenRequest(string? Name);

public sealed record DemoTokenData(string Token, string UserId, string? Name, DateTimeOffset ExpiresAt, string Warning);

public sealed record SigningKeyData(string UserId, string SigningKey, string Mode);

// Strict numbers: "10" is not 10, and 10.5 or 2^63 are refused rather than rounded or wrapped.
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, NumberHandling = JsonNumberHandling.Strict, MaxDepth = 32,
    Converters = [typeof(UtcTimestampConverter)])]
[JsonSerializable(typeof(ScoresUpdateRequest))]
[JsonSerializable(typeof(Seed000UpdateResponse))]
[JsonSerializable(typeof(Envelope<Seed002UpdateData>))]
[JsonSerializable(typeof(Seed000Leaderboard))]
[JsonSerializable(typeof(Seed003UpdateRequest))]
[JsonSerializable(typeof(Seed003UpdateResponse))]
[JsonSerializable(typeof(Envelope<TicketData>))]
[JsonSerializable(typeof(CompleteRequest))]
[JsonSerializable(typeof(DemoTokenRequest))]
[JsonSerializable(typeof(Envelope<DemoTokenData>))]
[JsonSerializable(typeof(Envelope<SigningKeyData>))]
internal sealed partial class UserApiJson : JsonSerializerContext;
