using System.Text;
using Microsoft.Extensions.Options;
using Scoreboard.Live;
using Scoreboard.Scoring;

namespace Scoreboard.UnitTests.Live;

public sealed class LiveSubscriberTests
{
    private static readonly DateTimeOffset Now = new(2025, 12, 15, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Slow_subscriber_gets_only_the_latest_board_not_a_queue()
    {
        var hub = Hub(10);
        var subscriber = Join(hub, WireFormat.Seed004, null)!;
        subscriber.Activate();
        hub.Publish(Board(1, -1, ("a", 10)));
        Assert.Contains("scoreboard_snapshot", Text(await subscriber.NextAsync(CancellationToken.None)));

        hub.Publish(Board(2, 1, ("a", 20)));
        hub.Publish(Board(3, 2, ("a", 30)));
        hub.Publish(Board(4, 3, ("a", 40)));

        var frames = await subscriber.NextAsync(CancellationToken.None);
        Assert.Single(frames);
        Assert.Contains("\"score\":40", Text(frames));
        Assert.Equal(4, subscriber.SentSequence);
    }

    [Fact]
    public async Task Seed000_subscriber_that_missed_a_board_gets_the_full_state_instead_of_deltas()
    {
        var hub = Hub(10);
        var subscriber = Join(hub, WireFormat.Seed000, null)!;
        subscriber.Activate();
        hub.Publish(Board(1, -1, ("a", 10)));
        await subscriber.NextAsync(CancellationToken.None);

        hub.Publish(Board(2, 1, ("a", 20)));
        Assert.Contains("SCORE_UPDATE", Text(await subscriber.NextAsync(CancellationToken.None)));

        hub.Publish(Board(3, 2, ("a", 30)));
        hub.Publish(Board(4, 3, ("a", 40)));
        Assert.Contains("\"type\":\"LEADERBOARD\"", Text(await subscriber.NextAsync(CancellationToken.None)));
    }

    [Fact]
    public async Task Personal_events_are_bounded_and_the_oldest_are_dropped()
    {
        var hub = Hub(10);
        var subscriber = Join(hub, WireFormat.Seed002SocketIo, "u1")!;
        for (var i = 0; i < LiveSubscriber.MaxPersonalFrames + 10; i++)
        {
            subscriber.EnqueuePersonal(Encoding.UTF8.GetBytes(i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        var frames = await subscriber.NextAsync(CancellationToken.None);
        Assert.Equal(LiveSubscriber.MaxPersonalFrames, frames.Count);
        Assert.Equal("10", Encoding.UTF8.GetString(frames[0]));
    }

    [Fact]
    public async Task Subscriber_with_the_current_sequence_is_not_sent_it_again()
    {
        var hub = Hub(10);
        hub.Publish(Board(7, -1, ("a", 10)));
        var subscriber = Join(hub, WireFormat.Seed001Sse, null)!;
        subscriber.AssumeSent(7);
        subscriber.Activate();
        hub.Leave(subscriber);

        Assert.Empty(await subscriber.NextAsync(CancellationToken.None));
    }

    [Fact]
    public void Hub_refuses_joins_past_the_maximum_and_frees_slots_on_leave()
    {
        var hub = Hub(2);
        var first = Join(hub, WireFormat.Seed004, null)!;
        Assert.NotNull(Join(hub, WireFormat.Seed004, "u1"));
        Assert.Null(Join(hub, WireFormat.Seed004, null));

        hub.Leave(first);
        hub.Leave(first);

        Assert.Equal(1, hub.Count);
        Assert.NotNull(Join(hub, WireFormat.Seed004, null));
    }

    [Fact]
    public async Task Hub_gives_its_own_slot_back_when_the_shared_cap_is_full()
    {
        var cap = new CountingCap(1);
        var hub = new LiveHub(Options.Create(new LiveOptions { MaxConnections = 5, AddressSharePercent = 100 }), cap);

        var (first, _) = await hub.JoinAsync(WireFormat.Seed004, null, Address, CancellationToken.None);
        Assert.NotNull(first);
        Assert.Equal((null, JoinRefusal.Full), await hub.JoinAsync(WireFormat.Seed004, null, Address, CancellationToken.None));
        Assert.Equal(1, hub.Count);
        Assert.Equal(1, cap.Open);

        hub.Leave(first!);
        Assert.Equal(0, cap.Open);
        Assert.NotNull((await hub.JoinAsync(WireFormat.Seed004, null, Address, CancellationToken.None)).Subscriber);
    }

    [Fact]
    public void A_connection_identified_after_joining_is_watched_as_that_user_only()
    {
        var hub = Hub(5);
        var subscriber = Join(hub, WireFormat.Seed002SocketIo, null)!;

        Assert.True(hub.Identify(subscriber, "u1"));
        Assert.False(hub.Identify(subscriber, "u2"));

        Assert.Equal("u1", subscriber.UserId);
        Assert.Equal(["u1"], hub.WatchedUsers);
        hub.Leave(subscriber);
        Assert.Empty(hub.WatchedUsers);
    }

    private const string Address = "192.0.2.1";

    private static LiveHub Hub(int max) => new(Options.Create(new LiveOptions { MaxConnections = max, AddressSharePercent = 100 }));

    private static LiveSubscriber? Join(LiveHub hub, WireFormat format, string? userId) => hub.TryJoin(format, userId, Address, out _);

    private static BoardState Board(long sequence, long previous, params (string User, long Score)[] rows)
    {
        var top = rows.Select((r, i) => new RankedStanding(i + 1, new Standing(r.User, null, r.Score, sequence, Now))).ToList();
        return BoardFrames.Build(sequence, previous, Now, top, top);
    }

    private static string Text(IReadOnlyList<byte[]> frames) => string.Join("\n", frames.Select(f => Encoding.UTF8.GetString(f)));

    /// <summary>A deployment-wide cap reduced to its contract: a set of open slots; closing one never opened does nothing.</summary>
    private sealed class CountingCap(int max) : ILiveConnectionCap
    {
        private readonly HashSet<long> _open = [];

        public int Open => _open.Count;

        public ValueTask<JoinRefusal> TryOpenAsync(long connectionId, string address, int _, int perAddress, CancellationToken cancellationToken) =>
            ValueTask.FromResult(_open.Count < max && _open.Add(connectionId) ? JoinRefusal.None : JoinRefusal.Full);

        public void Close(long connectionId) => _open.Remove(connectionId);
    }
}
