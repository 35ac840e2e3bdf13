using System.Text;
using Microsoft.AspNetCore.Http;
using Scoreboard.Live;
using Scoreboard.Live.SocketIo;
using Scoreboard.Live.Transports;
using Scoreboard.Scoring;

namespace Scoreboard.UnitTests.Live;

public sealed class LivePureTests
{
    private static readonly DateTimeOffset Now = new(2025, 12, 15, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Board_diff_names_moved_and_departed_rows()
    {
        var before = Rows(("a", 30), ("b", 20), ("c", 10));
        var after = Rows(("b", 40), ("a", 30), ("d", 25));

        Assert.Equal(["b", "a", "d"], BoardDiff.Moved(before, after).Select(r => r.Standing.UserId));
        Assert.Equal(["c"], BoardDiff.Left(before, after));
        Assert.Empty(BoardDiff.Moved(after, Rows(("b", 40), ("a", 30), ("d", 25))));
    }

    [Fact]
    public void Long_polling_payload_joins_and_splits_packets_with_the_record_separator()
    {
        var payload = EnginePackets.JoinPayload([Encoding.UTF8.GetBytes("40{\"sid\":\"x\"}"), EnginePackets.Ping]);

        Assert.Equal("40{\"sid\":\"x\"}\u001e2", Encoding.UTF8.GetString(payload));
        Assert.Equal(["40", "3"], EnginePackets.SplitPayload("40\u001e3"));
    }

    [Fact]
    public void Socket_io_namespace_is_read_from_the_packet()
    {
        Assert.Equal("/", EnginePackets.Namespace(""));
        Assert.Equal("/", EnginePackets.Namespace("{\"token\":\"t\"}"));
        Assert.Equal("/admin", EnginePackets.Namespace("/admin,{}"));
    }

    [Fact]
    public void Socket_io_event_frame_is_an_engine_message_with_a_json_array()
    {
        var frame = Encoding.UTF8.GetString(BoardFrames.SocketIoEvent("leaderboard:update", "{\"a\":1}"u8.ToArray()));

        Assert.Equal("42[\"leaderboard:update\",{\"a\":1}]", frame);
    }

    [Theory]
    [InlineData(null, "", true)]
    [InlineData("http://board.example", "", true)]
    [InlineData("http://other.example", "", false)]
    [InlineData("https://game.example", "https://game.example", true)]
    [InlineData("https://game.example.evil", "https://game.example", false)]
    [InlineData("https://anything.example", "*", true)]
    [InlineData("https://b.example", "https://a.example, https://b.example/", true)]
    public void Origin_rule_allows_missing_same_and_listed_origins_only(string? origin, string allowed, bool expected)
    {
        var context = new DefaultHttpContext();
        context.Request.Scheme = "http";
        context.Request.Host = new HostString("board.example");
        if (origin is not null)
        {
            context.Request.Headers.Origin = origin;
        }

        Assert.Equal(expected, LiveOrigins.Allows(context.Request, allowed));
    }

    [Fact]
    public void Sse_frames_carry_the_sequence_as_id()
    {
        var top = Rows(("a", 10));
        var board = BoardFrames.Build(12, 11, Now, top, top);

        var text = Encoding.UTF8.GetString(board.FramesFor(WireFormat.Seed001Sse, -1)[0]);

        Assert.StartsWith("id: 12\nevent: leaderboard_update\ndata: {\"data\":[", text, StringComparison.Ordinal);
        Assert.EndsWith("\n\n", text, StringComparison.Ordinal);
    }

    private static List<RankedStanding> Rows(params (string User, long Score)[] rows) =>
        rows.Select((r, i) => new RankedStanding(i + 1, new Standing(r.User, null, r.Score, 1, Now))).ToList();
}
