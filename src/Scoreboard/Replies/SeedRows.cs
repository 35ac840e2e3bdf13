using System.Text.Json.Serialization;
using Scoreboard.Scoring;

namespace Scoreboard.Replies;

/// <summary>The board rows the seeds' reads reply with; their live channels push the same rows, so both build them here.</summary>
public static class SeedRows
{
    /// <summary>001's leaderboard shape; the SSE stream sends the same.</summary>
    public static LeaderboardResponse ToLeaderboard(IReadOnlyList<RankedStanding> top, DateTimeOffset timestamp) =>
        new(top.Select(r => new LeaderboardRow(r.Rank, r.Standing.UserId, r.Standing.Name, r.Standing.Score)).ToList(), timestamp);

    /// <summary>002's leaderboard row; the Socket.IO and polling channels send the same.</summary>
    public static UserRow ToRow(RankedStanding ranked) =>
        new(ranked.Rank, ranked.Standing.UserId, ranked.Standing.Name, ranked.Standing.Score, ranked.Standing.UpdatedAt);

    /// <summary>004's entry shape; the live channel sends the same.</summary>
    public static TopEntry ToEntry(RankedStanding ranked) =>
        new(ranked.Standing.UserId, ranked.Standing.Name, ranked.Standing.Score, ranked.Rank);
}

public sealed record Envelope<T>(bool Success, T Data);

public sealed record UserRow(long Rank, string UserId, string Username, long Score, DateTimeOffset LastUpdated);

public sealed record LeaderboardRow(
    [property: JsonPropertyName("rank")] long Rank,
    [property: JsonPropertyName("user_id")] string UserId,
    [property: JsonPropertyName("username")] string Username,
    [property: JsonPropertyName("score")] long Score);

public sealed record LeaderboardResponse(
    [property: JsonPropertyName("data")] IReadOnlyList<LeaderboardRow> Data,
    [property: JsonPropertyName("timestamp")] DateTimeOffset Timestamp);

public sealed record TopEntry(string UserId, string DisplayName, long Score, long Rank);
