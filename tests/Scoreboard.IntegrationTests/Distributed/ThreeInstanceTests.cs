using Scoreboard.IntegrationTests.Infrastructure;
using Scoreboard.Live;
using Scoreboard.Ranking.Redis;
using StackExchange.Redis;

namespace Scoreboard.IntegrationTests.Distributed;

/// <summary>Three instances on one PostgreSQL and one Redis behave as one scoreboard.</summary>
[Collection(DistributedCollection.Name)]
[Trait("Backend", "distributed")]
public sealed class ThreeInstanceTests : IAsyncLifetime
{
    private List<ScoreboardServer> _servers = [];
    private Dictionary<string, string?> _environment = null!;

    private ScoreboardServer A => _servers[0];

    private ScoreboardServer B => _servers[1];

    private ScoreboardServer C => _servers[2];

    public async Task InitializeAsync()
    {
        _environment = await DistributedBackend.EnvironmentAsync(Json.NewId("three"));
        _servers = await Instances.StartAsync(3, _environment);
    }

    public Task DisposeAsync() => Instances.DisposeAsync(_servers);

    [Fact]
    public async Task Credits_spread_over_three_instances_give_one_board_everywhere()
    {
        var burst = new Burst(_servers, users: 12);
        await burst.RunAsync(count: 240, concurrency: 12);
        Assert.Equal(240, burst.Acknowledged.Count);

        var boards = new List<string>();
        foreach (var server in _servers)
        {
            var (status, top) = await server.Client.GetJsonAsync("/scoreboard/top?limit=50");
            Assert.Equal(200, status);
            boards.Add(top["entries"]!.ToJsonString());
        }

        Assert.Equal(12, (await A.Client.GetJsonAsync("/scoreboard/top?limit=50")).Body["entries"]!.AsArray().Count);
        Assert.All(boards, board => Assert.Equal(boards[0], board));
        for (var user = 0; user < 12; user++)
        {
            var ranks = new List<string>();
            foreach (var server in _servers)
            {
                ranks.Add((await server.Client.GetJsonAsync($"/api/v1/scores/user/user_{user}")).Body["data"]!.ToJsonString());
            }

            Assert.All(ranks, rank => Assert.Equal(ranks[0], rank));
        }

        var ledger = Ledger();
        await ledger.AssertConsistentAsync(burst.Acknowledged);
        await ledger.AssertIndexMatchesStoreAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Same_action_id_sent_to_two_instances_at_once_is_applied_once()
    {
        var user = Json.NewId("user");
        using var a = A.CreateServiceClient();
        using var b = B.CreateServiceClient();
        var actions = Enumerable.Range(0, 25).Select(_ => Json.NewId("action")).ToList();

        foreach (var action in actions)
        {
            var body = new { userId = user, actionId = action };
            var replies = await Task.WhenAll(a.PostAsync("/scores/increment", body), b.PostAsync("/scores/increment", body));

            Assert.All(replies, r => Assert.Equal(200, r.Status));
            Assert.Equal(1, replies.Count(r => (bool)r.Body["applied"]!));
            Assert.Equal(1, await Ledger().CountAsync(action));
        }

        var (_, stored) = await C.Client.GetJsonAsync($"/api/v1/scores/user/{user}");
        Assert.Equal(25 * 10, (long)stored["data"]!["score"]!);
    }

    [Fact]
    public async Task A_credit_made_on_one_instance_reaches_every_instance_bus_with_rising_sequence_numbers()
    {
        // The live feed of each instance reads this bus; here a fourth subscriber listens as instance C's feed would.
        await using var redis = await ConnectionMultiplexer.ConnectAsync(_environment["ConnectionStrings__Redis"]!);
        using var bus = new RedisBoardBus(redis, new RedisKeys(_environment["Scoreboard__Redis__KeyPrefix"]!),
            Microsoft.Extensions.Logging.Abstractions.NullLogger<RedisBoardBus>.Instance);
        await bus.StartAsync(default);
        await bus.ExecuteTask!;
        Assert.True(bus.Subscribed);
        var users = new[] { Json.NewId("user"), Json.NewId("user"), Json.NewId("user") };

        for (var i = 0; i < 3; i++)
        {
            using var client = _servers[i].CreateServiceClient();
            Assert.Equal(200, (await client.PostAsync("/scores/increment", new { userId = users[i], actionId = Json.NewId("action") })).Status);
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var seen = new List<BoardChange>();
        while (seen.SelectMany(c => c.Standings).Select(s => s.UserId).Intersect(users).Count() < 3)
        {
            seen.Add(await bus.Changes.ReadAsync(timeout.Token));
        }

        Assert.Equal(users, seen.SelectMany(c => c.Standings).Select(s => s.UserId).Where(users.Contains));
        Assert.Equal(seen.Select(c => c.Sequence).Order(), seen.Select(c => c.Sequence));
        Assert.Equal(seen.Count, seen.Select(c => c.Sequence).Distinct().Count());
    }

    [Fact]
    public async Task A_live_client_on_instance_C_sees_a_credit_made_on_instance_A()
    {
        await using var live = await WsClient.ConnectAsync(C, "/ws/scoreboard");
        var snapshot = await live.ReceiveAsync();
        Assert.Equal("scoreboard_snapshot", (string?)snapshot["type"]);
        var user = Json.NewId("user");

        using var a = A.CreateServiceClient();
        Assert.Equal(200, (await a.PostAsync("/scores/increment", new { userId = user, actionId = Json.NewId("action") })).Status);

        var update = await live.ReceiveAsync();
        Assert.Equal("scoreboard_update", (string?)update["type"]);
        Assert.Contains(update["entries"]!.AsArray(), e => (string?)e!["userId"] == user);
        Assert.True((long)update["sequence"]! > (long)snapshot["sequence"]!);
    }

    [Fact]
    public async Task An_instance_started_later_numbers_its_board_from_the_shared_sequence()
    {
        using var a = A.CreateServiceClient();
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(200, (await a.PostAsync("/scores/increment", new { userId = Json.NewId("user"), actionId = Json.NewId("action") })).Status);
        }

        await using var redis = await ConnectionMultiplexer.ConnectAsync(_environment["ConnectionStrings__Redis"]!);
        var published = (long)await redis.GetDatabase().StringGetAsync(new RedisKeys(_environment["Scoreboard__Redis__KeyPrefix"]!).Sequence);
        Assert.True(published >= 3);

        await using var late = await ScoreboardServer.StartAsync(environment: _environment);
        await using var live = await WsClient.ConnectAsync(late, "/ws/scoreboard");
        var snapshot = await live.ReceiveAsync();

        Assert.Equal("scoreboard_snapshot", (string?)snapshot["type"]);
        Assert.True((long)snapshot["sequence"]! >= published, $"snapshot {snapshot["sequence"]} < published {published}");
    }

    private ClusterLedger Ledger() => new(_environment["ConnectionStrings__Postgres"]!, _environment["ConnectionStrings__Redis"]!, _environment["Scoreboard__Redis__KeyPrefix"]!);
}
