using Scoreboard.IntegrationTests.Infrastructure;

namespace Scoreboard.IntegrationTests.Boards;

[Collection(BoardsCollection.Name)]
public sealed class BoardOperatorTests(BoardsFixture fixture)
{
    private readonly HttpClient _service = fixture.Server.CreateServiceClient();
    private readonly HttpClient _reader = fixture.Server.CreateClient();

    [Fact]
    public async Task A_credit_counted_by_several_boards_moves_each_of_them_once()
    {
        var user = Json.NewId("multi");
        var action = Json.NewId("a");
        Assert.Equal(200, (await BoardsFixture.CreditAsync(_service, user, "LEVEL_UP", 40, action: action)).Status);
        var (retried, again) = await BoardsFixture.CreditAsync(_service, user, "LEVEL_UP", 40, action: action);
        Assert.Equal((200, false), (retried, (bool)again["applied"]!));

        foreach (var board in new[] { "global", "levels", "best-level", "last-level", "daily-levels" })
        {
            Assert.Contains((user, 40L), await BoardsFixture.EntriesAsync(_reader, board));
        }

        Assert.DoesNotContain(await BoardsFixture.EntriesAsync(_reader, "fastest-lap"), e => e.User == user);
        Assert.Single(await Ledger.EventsAsync(fixture.Server.DatabasePath), e => e.ActionId == action);
    }

    [Fact]
    public async Task Best_keeps_the_highest_latest_the_last_and_asc_best_the_lowest()
    {
        var user = Json.NewId("ops");
        foreach (var value in new long[] { 30, 80, 20 })
        {
            Assert.Equal(200, (await BoardsFixture.CreditAsync(_service, user, "LEVEL_UP", value)).Status);
        }

        foreach (var lap in new long[] { 91_000, 88_500, 90_100 })
        {
            Assert.Equal(200, (await BoardsFixture.CreditAsync(_service, user, "LAP", lap)).Status);
        }

        Assert.Contains((user, 130L), await BoardsFixture.EntriesAsync(_reader, "levels"));
        Assert.Contains((user, 80L), await BoardsFixture.EntriesAsync(_reader, "best-level"));
        Assert.Contains((user, 20L), await BoardsFixture.EntriesAsync(_reader, "last-level"));
        Assert.Contains((user, 88_500L), await BoardsFixture.EntriesAsync(_reader, "fastest-lap"));

        // Laps mean nothing summed: global does not count them.
        Assert.Contains((user, 130L), await BoardsFixture.EntriesAsync(_reader, "global"));
        var lapsFirst = await BoardsFixture.EntriesAsync(_reader, "fastest-lap");
        Assert.Equal(lapsFirst.OrderBy(e => e.Score).Select(e => e.Score), lapsFirst.Select(e => e.Score));
    }

    [Fact]
    public async Task Ties_on_best_and_latest_go_to_whoever_reached_the_value_first()
    {
        var (first, second) = (Json.NewId("tie1"), Json.NewId("tie2"));
        const long value = 77;
        Assert.Equal(200, (await BoardsFixture.CreditAsync(_service, first, "LEVEL_UP", value)).Status);
        Assert.Equal(200, (await BoardsFixture.CreditAsync(_service, second, "LEVEL_UP", value)).Status);

        // The first reaching the value again does not lose its earlier reach to the second.
        Assert.Equal(200, (await BoardsFixture.CreditAsync(_service, first, "LEVEL_UP", value)).Status);

        foreach (var board in new[] { "best-level", "last-level" })
        {
            var order = (await BoardsFixture.EntriesAsync(_reader, board)).Where(e => e.Score == value).Select(e => e.User).ToList();
            Assert.Equal([first, second], order);
        }
    }

    [Fact]
    public async Task Every_board_equals_its_operator_applied_to_the_ledger_by_SQL()
    {
        var users = Enumerable.Range(0, 6).Select(_ => Json.NewId("sql")).ToList();
        var random = new Random(10);
        for (var i = 0; i < 60; i++)
        {
            var user = users[random.Next(users.Count)];
            var (type, value) = random.Next(3) switch
            {
                0 => ("LEVEL_UP", (long?)random.Next(1, 101)),
                1 => ("TASK_COMPLETE", (long?)random.Next(1, 51)),
                _ => ("LAP", (long?)random.Next(60_000, 120_000)),
            };
            Assert.Equal(200, (await BoardsFixture.CreditAsync(_service, user, type, value)).Status);
        }

        foreach (var board in BoardsFixture.Boards)
        {
            // Per kept period, so a day ending during the test is compared on both sides of the boundary.
            foreach (var (period, window) in await board.PeriodsAsync(_reader))
            {
                var expected = await board.ExpectedAsync(fixture.Server.DatabasePath, users, window);
                var shown = (await BoardsFixture.EntriesAsync(_reader, board.Id, period)).Where(e => users.Contains(e.User)).ToDictionary(e => e.User, e => e.Score);
                Assert.Equal(expected.OrderBy(e => e.Key), shown.OrderBy(e => e.Key));
            }
        }
    }

    [Fact]
    public async Task A_users_rank_total_and_top_percent_and_the_friends_ranks_are_on_the_whole_board()
    {
        var users = Enumerable.Range(0, 3).Select(_ => Json.NewId("rank")).ToList();
        for (var i = 0; i < users.Count; i++)
        {
            await BoardsFixture.CreditAsync(_service, users[i], "LAP", 1_000 + i);
        }

        var entries = await BoardsFixture.EntriesAsync(_reader, "fastest-lap");
        var (status, me) = await _reader.GetJsonAsync($"/api/v1/boards/fastest-lap/users/{users[1]}");
        Assert.Equal(200, status);
        var rank = entries.FindIndex(e => e.User == users[1]) + 1;
        Assert.Equal((rank, entries.Count), ((int)me["rank"]!, (int)me["total"]!));
        Assert.Equal((int)Math.Ceiling(100.0 * rank / entries.Count), (int)me["topPercent"]!);

        var (ranked, friends) = await _reader.PostAsync("/api/v1/boards/fastest-lap/ranks", new { userIds = new[] { users[2], "nobody_here", users[0] } });
        Assert.Equal(200, ranked);
        Assert.Equal([users[0], users[2]], friends["entries"]!.AsArray().Select(e => (string)e!["userId"]!));

        var (aroundStatus, around) = await _reader.GetJsonAsync($"/api/v1/boards/fastest-lap/users/{users[1]}/around?radius=1");
        Assert.Equal(200, aroundStatus);
        Assert.Equal(entries.Skip(rank - 2).Take(3).Select(e => e.User), around["entries"]!.AsArray().Select(e => (string)e!["userId"]!));
    }

    [Fact]
    public async Task Metadata_is_one_per_user_last_write_wins_and_shows_on_board_reads_only()
    {
        var user = Json.NewId("meta");
        await BoardsFixture.CreditAsync(_service, user, "LEVEL_UP", 5, new { country = "DE" });
        await BoardsFixture.CreditAsync(_service, user, "LEVEL_UP", 5, new { country = "FR", avatar = "a.png" });

        var (_, top) = await _reader.GetJsonAsync("/api/v1/boards/levels/top?limit=100");
        var entry = top["entries"]!.AsArray().Single(e => (string)e!["userId"]! == user)!;
        Assert.Equal("FR", (string)entry["metadata"]!["country"]!);
        var (_, seed) = await _reader.GetJsonAsync("/scoreboard/top?limit=50");
        Assert.DoesNotContain("metadata", seed.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_reversal_takes_the_user_off_every_board_and_leaves_global_at_zero()
    {
        var user = Json.NewId("rev");
        await BoardsFixture.CreditAsync(_service, user, "LEVEL_UP", 60);
        await BoardsFixture.CreditAsync(_service, user, "LAP", 70_000);
        using var admin = fixture.CreateAdminClient();

        var (status, reply) = await admin.PostAsync($"/api/v1/admin/users/{user}/reverse", new { });

        Assert.True(status == 200, reply.ToJsonString());
        Assert.Equal(0, (long)reply["data"]!["newScore"]!);
        foreach (var board in BoardsFixture.Boards.Where(b => b.Id != "global"))
        {
            Assert.DoesNotContain(await BoardsFixture.EntriesAsync(_reader, board.Id), e => e.User == user);
            Assert.DoesNotContain(user, (await board.StoredAsync(fixture.Server.DatabasePath)).Keys);
        }
    }
}
