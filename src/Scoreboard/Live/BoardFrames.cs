using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Scoreboard.Replies;
using Scoreboard.Scoring;
using Scoreboard.Scoring.Boards;

namespace Scoreboard.Live;

/// <summary>Serializes a board once per wire format, and the per-user events, as pure functions.</summary>
internal static class BoardFrames
{
    public const string Seed001Event = "leaderboard_update";

    /// <param name="moved">Rows whose score or rank changed, including users who left the board (000's deltas).</param>
    public static BoardState Build(long sequence, long previousSequence, DateTimeOffset timestamp,
        IReadOnlyList<RankedStanding> top, IReadOnlyList<RankedStanding> moved, PeriodWindow? period = null)
    {
        var seed002 = Bytes(new Seed002Board(top.Select(SeedRows.ToRow).ToList(), timestamp, sequence), LiveJson.Default.Seed002Board);
        var seed003 = Bytes(new Seed003Board(timestamp.ToUnixTimeSeconds(), top.Select(r => new Seed003Row(r.Rank, r.Standing.Name, r.Standing.Score)).ToList(), sequence),
            LiveJson.Default.Seed003Board);
        var entries = top.Select(SeedRows.ToEntry).ToList();
        var seed004Update = Bytes(new Seed004Board("scoreboard_update", entries, timestamp, sequence), LiveJson.Default.Seed004Board);
        var seed000State = Seed000StateFrame(top, timestamp, sequence);
        var frames = new Dictionary<WireFormat, FormatFrames>
        {
            [WireFormat.Seed000] = new([seed000State], moved.Select(r => Seed000Update(r, timestamp, sequence)).ToArray(), [seed000State]),
            [WireFormat.Seed001Sse] = FormatFrames.Same(SseEvent(sequence, Seed001Event,
                Bytes(SeedRows.ToLeaderboard(top, timestamp), LiveJson.Default.LeaderboardResponse))),
            [WireFormat.Seed002SocketIo] = FormatFrames.Same(SocketIoEvent("leaderboard:update", seed002)),
            [WireFormat.Seed003] = FormatFrames.Same(seed003),
            [WireFormat.Seed003Sse] = FormatFrames.Same(SseEvent(sequence, null, seed003)),
            [WireFormat.Seed004] = new(
                [Bytes(new Seed004Board("scoreboard_snapshot", entries, timestamp, sequence), LiveJson.Default.Seed004Board)],
                [seed004Update],
                [seed004Update]),
        };
        var polling = Bytes(new Envelope<Seed002Changes>(true, new(true, top.Select(SeedRows.ToRow).ToList(), timestamp, sequence)),
            LiveJson.Default.EnvelopeSeed002Changes);
        return new BoardState(sequence, previousSequence, timestamp, top, frames, polling, period);
    }

    public static byte[] Seed000Update(RankedStanding row, DateTimeOffset timestamp, long sequence) =>
        Bytes(new Seed000Update("SCORE_UPDATE", new(row.Standing.UserId, row.Standing.Score, row.Rank, timestamp.ToUnixTimeMilliseconds(), sequence)),
            LiveJson.Default.Seed000Update);

    public static byte[] ScoreUpdated(string userId, long newScore, long increment) =>
        SocketIoEvent("score:updated", Bytes(new Seed002ScoreUpdated(userId, newScore, increment), LiveJson.Default.Seed002ScoreUpdated));

    public static byte[] RankChanged(string userId, long newRank, long? oldRank, long newScore) =>
        SocketIoEvent("rank:changed", Bytes(new Seed002RankChanged(userId, newRank, oldRank, newScore), LiveJson.Default.Seed002RankChanged));

    /// <summary>An Engine.IO message (4) carrying a Socket.IO EVENT (2) in the default namespace: <c>42["name",payload]</c>.</summary>
    public static byte[] SocketIoEvent(string name, byte[] payload)
    {
        var head = Encoding.UTF8.GetBytes($"42[{JsonSerializer.Serialize(name, LiveJson.Default.String)},");
        return [.. head, .. payload, (byte)']'];
    }

    private static byte[] Seed000StateFrame(IReadOnlyList<RankedStanding> top, DateTimeOffset timestamp, long sequence) =>
        Bytes(new Seed000State("LEADERBOARD", new(top.Select(r => new Seed000Row(r.Rank, r.Standing.UserId, r.Standing.Name, r.Standing.Score)).ToList(),
            timestamp, sequence)), LiveJson.Default.Seed000State);

    /// <summary>One SSE event; JSON has no raw newlines, so the data fits one <c>data:</c> line.</summary>
    private static byte[] SseEvent(long sequence, string? name, byte[] json)
    {
        var head = Encoding.UTF8.GetBytes(name is null ? $"id: {sequence}\ndata: " : $"id: {sequence}\nevent: {name}\ndata: ");
        return [.. head, .. json, (byte)'\n', (byte)'\n'];
    }

    private static byte[] Bytes<T>(T value, JsonTypeInfo<T> type) => JsonSerializer.SerializeToUtf8Bytes(value, type);
}
