using System.Net.Http.Headers;
using Scoreboard.IntegrationTests.Infrastructure;
using Scoreboard.IntegrationTests.Security;
using StackExchange.Redis;
using Xunit.Abstractions;
using static Scoreboard.IntegrationTests.Security.SignedBodies;

namespace Scoreboard.IntegrationTests.Distributed;

/// <summary>
/// The distributed core on a real Redis Cluster: credits, one board, live fan-out and shared limits across two
/// instances. Every script must keep its keys in one slot (a cross-slot script fails on a cluster), and the keys of
/// different users must spread: a design that put every key in one slot would run on one node only.
/// </summary>
[Collection(DistributedCollection.Name)]
[Trait("Backend", "distributed")]
public sealed class RedisClusterTests(RedisClusterFixture fixture, ITestOutputHelper output) : IClassFixture<RedisClusterFixture>
{
    private ScoreboardServer A => fixture.Servers[0];

    private ScoreboardServer B => fixture.Servers[1];

    [Fact]
    public async Task Credits_spread_over_two_instances_give_one_board_and_a_consistent_ledger()
    {
        var burst = new Burst(fixture.Servers, users: 12);
        await burst.RunAsync(count: 240, concurrency: 12);
        Assert.Equal(240, burst.Acknowledged.Count);

        var (_, onA) = await A.Client.GetJsonAsync("/scoreboard/top?limit=50");
        var (_, onB) = await B.Client.GetJsonAsync("/scoreboard/top?limit=50");
        Assert.True(onA["entries"]!.AsArray().Count >= 12);
        Assert.Equal(onA["entries"]!.ToJsonString(), onB["entries"]!.ToJsonString());
        await fixture.Ledger.AssertConsistentAsync(burst.Acknowledged);
        await fixture.Ledger.AssertIndexMatchesStoreAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task A_live_client_on_one_instance_sees_a_credit_made_on_the_other()
    {
        await using var live = await WsClient.ConnectAsync(B, "/ws/scoreboard");
        var snapshot = await live.ReceiveAsync();
        var user = Json.NewId("live");

        using var a = A.CreateServiceClient();
        for (var i = 0; i < 30; i++)
        {
            Assert.Equal(200, (await a.PostAsync("/scores/increment", new { userId = user, actionId = Json.NewId("action") })).Status);
        }

        // 30 credits put the user at the top whatever other tests left on the board.
        while (true)
        {
            var update = await live.ReceiveAsync();
            Assert.True((long)update["sequence"]! > (long)snapshot["sequence"]!);
            if ((string?)update["entries"]![0]!["userId"] == user && (long)update["entries"]![0]!["score"]! == 300)
            {
                break;
            }
        }
    }

    [Fact]
    public async Task A_users_credits_on_two_instances_stop_at_the_shared_limit()
    {
        var user = Json.NewId("limited");
        var statuses = new List<int>();
        for (var i = 0; i < RedisClusterFixture.PerUser + 3; i++)
        {
            statuses.Add(await UserCreditAsync(fixture.Servers[i % 2], user));
        }

        Assert.Equal(Enumerable.Repeat(200, RedisClusterFixture.PerUser), statuses.Take(RedisClusterFixture.PerUser));
        Assert.All(statuses.Skip(RedisClusterFixture.PerUser), s => Assert.Equal(429, s));
        var (_, stored) = await A.Client.GetJsonAsync($"/api/v1/scores/user/{user}");
        Assert.Equal(RedisClusterFixture.PerUser * 10L, (long)stored["data"]!["score"]!);
    }

    [Fact]
    public async Task The_keys_the_service_writes_spread_over_the_nodes_and_per_user_keys_over_slots()
    {
        var users = Enumerable.Range(0, 8).Select(_ => Json.NewId("spread")).ToList();
        foreach (var user in users)
        {
            Assert.Equal(200, await UserCreditAsync(users.IndexOf(user) % 2 == 0 ? A : B, user));
        }

        await using var redis = await ConnectionMultiplexer.ConnectAsync(fixture.Cluster.ConnectionString);
        var keys = new List<(string Key, int Slot, int Node)>();
        for (var node = 0; node < fixture.Cluster.Nodes.Count; node++)
        {
            await foreach (var key in redis.GetServer(fixture.Cluster.Nodes[node].ConnectionString).KeysAsync(pattern: $"*{RedisClusterFixture.Prefix}*"))
            {
                keys.Add((key!, await fixture.Cluster.KeySlotAsync(redis, key!), node));
            }
        }

        output.WriteLine(string.Join("\n", keys.OrderBy(k => k.Slot).Select(k => $"node {k.Node} slot {k.Slot,5} {k.Key}")));
        var perUser = keys.Where(k => users.Any(u => k.Key.Contains(u, StringComparison.Ordinal))).ToList();
        Assert.True(perUser.Count >= users.Count, $"expected per-user keys for {users.Count} users, found {perUser.Count}");
        Assert.True(perUser.Select(k => k.Slot).Distinct().Count() > 1, "every per-user key maps to one hash slot: " + string.Join(", ", perUser.Select(k => k.Key)));
        Assert.True(keys.Select(k => k.Node).Distinct().Count() > 1, "every key the service wrote is on one node");
    }

    private static async Task<int> UserCreditAsync(ScoreboardServer server, string user)
    {
        var token = TestTokens.Hs256(SecurityFixture.JwtSecret, TestTokens.Claims(user, issuer: null, audience: null, permission: null));
        using var client = server.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await client.PostAsync("/api/v1/scores/update", Json.Body(Seed000(Json.NewId("act"), user).ToJsonString()));
        return (int)response.StatusCode;
    }
}
