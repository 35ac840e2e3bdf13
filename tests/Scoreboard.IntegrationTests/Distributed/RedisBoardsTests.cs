using Scoreboard.IntegrationTests.Boards;
using Scoreboard.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace Scoreboard.IntegrationTests.Distributed;

/// <summary>
/// The boards' rankings in Redis, across two instances: after concurrent credits on several boards each (board, period)
/// ranking in Redis equals the store's standings in the board's order, and those equal the operator applied to the
/// ledger by SQL; a flushed Redis is rebuilt while reads stay right; a reversal takes the user off every ranking.
/// </summary>
[Collection(DistributedCollection.Name)]
[Trait("Backend", "distributed")]
public sealed class RedisBoardsTests(RedisBoardsFixture fixture, ITestOutputHelper output) : IClassFixture<RedisBoardsFixture>
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task A_concurrent_burst_on_several_boards_over_two_instances_leaves_Redis_equal_to_SQL()
    {
        var users = Enumerable.Range(0, 8).Select(_ => Json.NewId("burst")).ToList();
        await CreditBurstAsync(users, count: 160, seed: 10);

        var rankings = fixture.Rankings;
        foreach (var board in RedisBoardsFixture.OtherBoards)
        {
            foreach (var period in await rankings.PeriodsAsync(board.Id))
            {
                await rankings.AssertRedisEqualsStoreAsync(board.Id, period, board.Asc, Within);
            }

            if (!board.Periodic)
            {
                var stored = (await rankings.InStoreAsync(board.Id, "all", board.Asc)).Select(r => r[..r.LastIndexOf(':')]);
                var fromLedger = await rankings.FromLedgerAsync(board.Types, board.Operator, board.Asc);
                Assert.Equal(Mine(fromLedger, users), Mine(stored, users).Order(StringComparer.Ordinal));
            }

            // Both instances serve the same board, read from Redis.
            var inRedis = (await rankings.InRedisAsync(board.Id, (await CurrentPeriodAsync(board.Id)))).Select(r => r[..r.LastIndexOf(':')]).ToList();
            Assert.NotEmpty(inRedis);
            foreach (var server in fixture.Servers)
            {
                Assert.Equal(inRedis, await TopAsync(server, board.Id));
            }
        }
    }

    [Fact]
    public async Task After_FLUSHALL_board_reads_stay_right_and_Redis_is_rebuilt_from_the_store()
    {
        var users = Enumerable.Range(0, 4).Select(_ => Json.NewId("flush")).ToList();
        await CreditBurstAsync(users, count: 40, seed: 20);
        var before = new Dictionary<string, List<string>>();
        foreach (var board in RedisBoardsFixture.OtherBoards)
        {
            await fixture.Rankings.AssertRedisEqualsStoreAsync(board.Id, await CurrentPeriodAsync(board.Id), board.Asc, Within);
            before[board.Id] = await TopAsync(fixture.Servers[0], board.Id);
        }

        await fixture.Multiplexer.GetServer(fixture.Redis.ConnectionString).FlushAllDatabasesAsync();

        // Right away, and while the rankings are rebuilt, every instance answers the store's board, never a half-built one.
        foreach (var board in RedisBoardsFixture.OtherBoards)
        {
            foreach (var server in fixture.Servers)
            {
                Assert.Equal(before[board.Id], await TopAsync(server, board.Id));
            }
        }

        foreach (var board in RedisBoardsFixture.OtherBoards)
        {
            var period = await CurrentPeriodAsync(board.Id);
            await fixture.Rankings.AssertRedisEqualsStoreAsync(board.Id, period, board.Asc, Within);
            Assert.Equal(before[board.Id], (await fixture.Rankings.InRedisAsync(board.Id, period)).Select(r => r[..r.LastIndexOf(':')]));
        }

        // Credits after the rebuild reach the rebuilt rankings.
        await CreditBurstAsync(users, count: 16, seed: 21);
        foreach (var board in RedisBoardsFixture.OtherBoards)
        {
            await fixture.Rankings.AssertRedisEqualsStoreAsync(board.Id, await CurrentPeriodAsync(board.Id), board.Asc, Within);
        }
    }

    [Fact]
    public async Task A_reversal_takes_the_user_off_every_ranking_of_every_board_in_Redis()
    {
        var (user, other) = (Json.NewId("reversed"), Json.NewId("kept"));
        using var service = fixture.Servers[0].CreateServiceClient();
        foreach (var who in new[] { user, other })
        {
            Assert.Equal(200, (await BoardsFixture.CreditAsync(service, who, "LEVEL_UP", 30)).Status);
            Assert.Equal(200, (await BoardsFixture.CreditAsync(service, who, "LAP", 90_000)).Status);
        }

        foreach (var board in RedisBoardsFixture.OtherBoards)
        {
            await fixture.Rankings.AssertRedisEqualsStoreAsync(board.Id, await CurrentPeriodAsync(board.Id), board.Asc, Within);
            Assert.Contains(await fixture.Rankings.InRedisAsync(board.Id, await CurrentPeriodAsync(board.Id)), r => r.StartsWith(user + ":", StringComparison.Ordinal));
        }

        using var admin = fixture.Servers[1].CreateClient();
        admin.DefaultRequestHeaders.Add("X-ADMIN-KEY", BoardsFixture.AdminKey);
        Assert.Equal(200, (await admin.PostAsync($"/api/v1/admin/users/{user}/reverse", new { })).Status);

        foreach (var board in RedisBoardsFixture.OtherBoards)
        {
            var period = await CurrentPeriodAsync(board.Id);
            var inRedis = await fixture.Rankings.InRedisAsync(board.Id, period);
            Assert.DoesNotContain(inRedis, r => r.StartsWith(user + ":", StringComparison.Ordinal));
            Assert.Contains(inRedis, r => r.StartsWith(other + ":", StringComparison.Ordinal));
            Assert.Equal(await fixture.Rankings.InStoreAsync(board.Id, period, board.Asc), inRedis);
            Assert.DoesNotContain(user, (await TopAsync(fixture.Servers[0], board.Id)).Select(e => e.Split(':')[0]));
        }
    }

    [Fact]
    public async Task Board_reads_on_every_instance_are_answered_from_Redis()
    {
        var user = Json.NewId("seen");
        using var service = fixture.Servers[0].CreateServiceClient();
        Assert.Equal(200, (await BoardsFixture.CreditAsync(service, user, "LEVEL_UP", 10)).Status);
        await fixture.Rankings.AssertRedisEqualsStoreAsync("best-level", "all", asc: false, Within);

        // An entry only Redis holds (the store never saw this user) shows on both instances' reads, with its rank.
        var keys = new Scoreboard.Ranking.Redis.RedisKeys(RedisBoardsFixture.Prefix);
        var ghost = new Scoreboard.Scoring.Standing(Json.NewId("only_in_redis"), null, 1_000_000, 1, DateTimeOffset.UtcNow);
        var db = fixture.Multiplexer.GetDatabase();
        await db.SortedSetAddAsync(keys.BoardRanking("best-level", "c", "all"), Scoreboard.Ranking.Redis.RedisStanding.Member(ghost), -ghost.Score);
        await db.HashSetAsync(keys.BoardStandings("best-level", "c", "all"), ghost.UserId, Scoreboard.Ranking.Redis.RedisStanding.Payload(ghost));
        try
        {
            foreach (var server in fixture.Servers)
            {
                Assert.Equal($"{ghost.UserId}:{ghost.Score}", (await TopAsync(server, "best-level"))[0]);
                var (status, body) = await server.Client.GetJsonAsync($"/api/v1/boards/best-level/users/{ghost.UserId}");
                Assert.Equal((200, 1L), (status, (long)body["rank"]!));
            }
        }
        finally
        {
            await db.SortedSetRemoveAsync(keys.BoardRanking("best-level", "c", "all"), Scoreboard.Ranking.Redis.RedisStanding.Member(ghost));
            await db.HashDeleteAsync(keys.BoardStandings("best-level", "c", "all"), ghost.UserId);
        }
    }

    [Fact]
    public async Task Rankings_of_periods_ended_beyond_keepPeriods_are_pruned_from_Redis_and_the_store_keeps_them()
    {
        var user = Json.NewId("tick");
        using var service = fixture.Servers[0].CreateServiceClient();
        for (var i = 0; i < 3; i++)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(i == 0 ? 0 : 2_100));
            Assert.Equal(200, (await BoardsFixture.CreditAsync(service, user, "LEVEL_UP", 10)).Status);
        }

        var keys = new Scoreboard.Ranking.Redis.RedisKeys(RedisBoardsFixture.Prefix);
        var db = fixture.Multiplexer.GetDatabase();
        var mine = await fixture.Rankings.PeriodsOfAsync("ticks", user);
        Assert.Equal(3, mine.Count);
        Assert.True(await db.KeyExistsAsync(keys.BoardRanking("ticks", "c", mine[^1])), "the last period was never ranked in Redis");

        // The board keeps the current period and one ended one: these three all end beyond it, and go.
        await Waiting.UntilAsync(async () =>
        {
            var held = (await db.SetMembersAsync(keys.BoardPeriods("ticks", "c"))).Select(p => p.ToString()).ToList();
            var left = await Task.WhenAll(mine.Select(p => db.KeyExistsAsync(keys.BoardRanking("ticks", "c", p))));
            return !held.Intersect(mine).Any() && !left.Any(exists => exists);
        }, TimeSpan.FromSeconds(30), "the ended periods' rankings to be pruned from Redis");
        Assert.Equal(mine, await fixture.Rankings.PeriodsOfAsync("ticks", user));
    }

    /// <summary>Credits of random types and values, from several clients at once, spread over both instances.</summary>
    private async Task CreditBurstAsync(IReadOnlyList<string> users, int count, int seed)
    {
        var random = new Random(seed);
        var credits = Enumerable.Range(0, count).Select(i => (Server: i % 2, User: users[random.Next(users.Count)],
            Type: random.Next(3) switch { 0 => "LAP", 1 => "TASK_COMPLETE", _ => "LEVEL_UP" }, Value: (long)random.Next(1, 5) * 10)).ToList();
        var clients = fixture.Servers.Select(s => s.CreateServiceClient()).ToList();
        try
        {
            await Task.WhenAll(Enumerable.Range(0, 8).Select(async worker =>
            {
                foreach (var (server, user, type, value) in credits.Where((_, i) => i % 8 == worker))
                {
                    var (status, body) = await BoardsFixture.CreditAsync(clients[server], user, type, type == "TASK_COMPLETE" ? null : value * (type == "LAP" ? 1_000 : 1));
                    Assert.True(status == 200, $"{type} {value}: {status} {body.ToJsonString()}");
                }
            }));
        }
        finally
        {
            clients.ForEach(c => c.Dispose());
        }

        output.WriteLine($"{count} credits for {users.Count} users (seed {seed})");
    }

    private async Task<string> CurrentPeriodAsync(string board)
    {
        var (_, body) = await fixture.Servers[0].Client.GetJsonAsync($"/api/v1/boards/{board}");
        return (string)body["currentPeriod"]!["key"]!;
    }

    private static async Task<List<string>> TopAsync(ScoreboardServer server, string board) =>
        [.. (await BoardsFixture.EntriesAsync(server.Client, board)).Select(e => $"{e.User}:{e.Score}")];

    private static List<string> Mine(IEnumerable<string> rows, IReadOnlyList<string> users) =>
        [.. rows.Where(r => users.Contains(r[..r.IndexOf(':', StringComparison.Ordinal)]))];
}
