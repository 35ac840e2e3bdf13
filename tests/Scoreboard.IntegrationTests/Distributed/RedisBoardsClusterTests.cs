using Scoreboard.IntegrationTests.Boards;
using Scoreboard.IntegrationTests.Infrastructure;
using Scoreboard.Ranking.Redis;
using StackExchange.Redis;
using Xunit.Abstractions;

namespace Scoreboard.IntegrationTests.Distributed;

/// <summary>Two instances with the boards of <see cref="BoardsFixture"/> on a real three-master Redis Cluster.</summary>
public sealed class RedisBoardsClusterFixture : IAsyncLifetime
{
    public const string Prefix = "boards-cluster";

    public RedisCluster Cluster { get; private set; } = null!;

    public List<ScoreboardServer> Servers { get; private set; } = [];

    public string Postgres { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Cluster = await RedisCluster.StartAsync();
        (Postgres, Servers) = await RedisBoardsFixture.StartInstancesAsync(Cluster.ConnectionString, Prefix);
    }

    public async Task DisposeAsync()
    {
        await Instances.DisposeAsync(Servers);
        await Cluster.DisposeAsync();
    }
}

/// <summary>
/// Each board's keys share one hash slot (its tag), so every script runs on one node with no CROSSSLOT; different boards
/// land on different masters, read from the cluster itself (CLUSTER KEYSLOT, CLUSTER NODES).
/// </summary>
[Collection(DistributedCollection.Name)]
[Trait("Backend", "distributed")]
public sealed class RedisBoardsClusterTests(RedisBoardsClusterFixture fixture, ITestOutputHelper output) : IClassFixture<RedisBoardsClusterFixture>
{
    [Fact]
    public async Task Boards_land_on_different_masters_and_credits_and_reads_work_without_CROSSSLOT()
    {
        var users = Enumerable.Range(0, 6).Select(_ => Json.NewId("slot")).ToList();
        var clients = fixture.Servers.Select(s => s.CreateServiceClient()).ToList();
        for (var i = 0; i < 36; i++)
        {
            (string Type, long? Value) credit = (i % 3) switch { 0 => ("LAP", 80_000L + (i * 100)), 1 => ("LEVEL_UP", 10L + (i % 4 * 10)), _ => ("TASK_COMPLETE", null) };
            Assert.Equal(200, (await BoardsFixture.CreditAsync(clients[i % 2], users[i % users.Count], credit.Type, credit.Value)).Status);
        }

        clients.ForEach(c => c.Dispose());
        await using var redis = await ConnectionMultiplexer.ConnectAsync(fixture.Cluster.ConnectionString);
        var rankings = new BoardRankings(fixture.Postgres, redis, RedisBoardsClusterFixture.Prefix);
        var masters = await MastersBySlotAsync(redis);
        var keys = new RedisKeys(RedisBoardsClusterFixture.Prefix);
        var nodeOf = new Dictionary<string, string>();
        foreach (var board in BoardsFixture.Boards.Where(b => b.Id != "global"))
        {
            var period = (string)(await fixture.Servers[0].Client.GetJsonAsync($"/api/v1/boards/{board.Id}")).Body["currentPeriod"]!["key"]!;
            await rankings.AssertRedisEqualsStoreAsync(board.Id, period, board.Asc, TimeSpan.FromSeconds(15));
            var inRedis = (await rankings.InRedisAsync(board.Id, period)).Select(r => r[..r.LastIndexOf(':')]).ToList();
            Assert.NotEmpty(inRedis);
            foreach (var server in fixture.Servers)
            {
                Assert.Equal(inRedis, (await BoardsFixture.EntriesAsync(server.Client, board.Id)).Select(e => $"{e.User}:{e.Score}"));
            }

            // Every key a board's scripts touch together is in one slot, and the ranking is where the cluster says.
            RedisKey[] together = [keys.BoardRanking(board.Id, "c", period), keys.BoardStandings(board.Id, "c", period), keys.BoardReady(board.Id, "c"),
                keys.BoardPeriods(board.Id, "c"), keys.BoardRebuilding(board.Id)];
            var slots = await Task.WhenAll(together.Select(k => fixture.Cluster.KeySlotAsync(redis, k!)));
            Assert.Single(slots.Distinct());
            nodeOf[board.Id] = masters[slots[0]];
            Assert.True(await OnNodeAsync(redis, nodeOf[board.Id], together[0]!), $"{together[0]} is not on {nodeOf[board.Id]}");
            output.WriteLine($"{board.Id}: slot {slots[0]} on {nodeOf[board.Id]}");
        }

        Assert.True(nodeOf.Values.Distinct().Count() > 1, "every board's keys are on one master");
        foreach (var server in fixture.Servers)
        {
            Assert.DoesNotContain("CROSSSLOT", server.Output, StringComparison.Ordinal);
            Assert.DoesNotContain("did not take", server.Output, StringComparison.Ordinal);
        }
    }

    // KEYS answers from the node asked only (no redirection), so it says where a key really is.
    private static async Task<bool> OnNodeAsync(IConnectionMultiplexer redis, string node, string key)
    {
        await foreach (var found in redis.GetServer(node).KeysAsync(pattern: key))
        {
            if (found == key)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Each slot's master, as <c>host:port</c>, from CLUSTER NODES.</summary>
    private async Task<Dictionary<int, string>> MastersBySlotAsync(IConnectionMultiplexer redis)
    {
        var nodes = (string)(await redis.GetServer(fixture.Cluster.Nodes[0].ConnectionString).ExecuteAsync("CLUSTER", "NODES"))!;
        var masters = new Dictionary<int, string>();
        foreach (var fields in nodes.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' ')).Where(f => f[2].Contains("master", StringComparison.Ordinal)))
        {
            var address = fields[1].Split('@')[0];
            foreach (var range in fields.Skip(8).Where(r => !r.StartsWith('[')))
            {
                var bounds = range.Split('-').Select(b => int.Parse(b, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
                for (var slot = bounds[0]; slot <= bounds[^1]; slot++)
                {
                    masters[slot] = address;
                }
            }
        }

        return masters;
    }
}
