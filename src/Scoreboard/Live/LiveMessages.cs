using System.Text.Json.Serialization;
using Scoreboard.Replies;

namespace Scoreboard.Live;

/// <summary>000: the full state sent on (re)connect, in the rows of 000's <c>GET /api/v1/leaderboard</c>.</summary>
public sealed record Seed000State(string Type, Seed000Board Data);

public sealed record Seed000Board(IReadOnlyList<Seed000Row> Rankings, DateTimeOffset LastUpdated, long Sequence);

public sealed record Seed000Row(long Rank, string UserId, string Username, long Score);

/// <summary>000 §3's event: one user's new score and rank; <c>timestamp</c> is Unix milliseconds.</summary>
public sealed record Seed000Update(string Type, Seed000Change Data);

public sealed record Seed000Change(string UserId, long NewScore, long Rank, long Timestamp, long Sequence);

/// <summary>002 §6.1's <c>leaderboard:update</c> payload.</summary>
public sealed record Seed002Board(IReadOnlyList<UserRow> Leaderboard, DateTimeOffset Timestamp, long Sequence);

/// <summary>002 §6.1's <c>rank:changed</c>, to the user's own connections.</summary>
public sealed record Seed002RankChanged(string UserId, long NewRank, long? OldRank, long NewScore);

/// <summary>002 §6.1's <c>score:updated</c>, to the user's own connections.</summary>
public sealed record Seed002ScoreUpdated(string UserId, long NewScore, long Increment);

/// <summary>002 §6.3's polling reply.</summary>
public sealed record Seed002Changes(
    bool HasChanges,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<UserRow>? Leaderboard,
    DateTimeOffset LastUpdated,
    long Sequence);

/// <summary>003's <c>public:leaderboard</c> payload; <c>timestamp</c> is Unix seconds as 003 shows.</summary>
public sealed record Seed003Board(
    [property: JsonPropertyName("timestamp")] long Timestamp,
    [property: JsonPropertyName("top_10")] IReadOnlyList<Seed003Row> Top10,
    [property: JsonPropertyName("sequence")] long Sequence);

public sealed record Seed003Row(
    [property: JsonPropertyName("rank")] long Rank,
    [property: JsonPropertyName("username")] string Username,
    [property: JsonPropertyName("score")] long Score);

/// <summary>004 §7.2's <c>scoreboard_snapshot</c> and <c>scoreboard_update</c>.</summary>
public sealed record Seed004Board(string Type, IReadOnlyList<TopEntry> Entries, DateTimeOffset GeneratedAt, long Sequence);

/// <summary>A refused live connection, in the shape of 004 §10's errors.</summary>
public sealed record LiveRefusal(ErrorBody Error);

[JsonSourceGenerationOptions(System.Text.Json.JsonSerializerDefaults.Web, MaxDepth = 32, Converters = [typeof(UtcTimestampConverter)])]
[JsonSerializable(typeof(Seed000State))]
[JsonSerializable(typeof(Seed000Update))]
[JsonSerializable(typeof(Seed002Board))]
[JsonSerializable(typeof(Seed002RankChanged))]
[JsonSerializable(typeof(Seed002ScoreUpdated))]
[JsonSerializable(typeof(Envelope<Seed002Changes>))]
[JsonSerializable(typeof(Seed003Board))]
[JsonSerializable(typeof(Seed004Board))]
[JsonSerializable(typeof(LiveRefusal))]
[JsonSerializable(typeof(LeaderboardResponse))]
[JsonSerializable(typeof(string))]
internal sealed partial class LiveJson : JsonSerializerContext;
