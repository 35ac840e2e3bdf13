using Scoreboard.IntegrationTests.Boards;
using Scoreboard.IntegrationTests.Infrastructure;

namespace Scoreboard.IntegrationTests.Distributed;

/// <summary>
/// An instance killed between a credit's commit and its Redis update leaves the credit's <c>rank_outbox</c> row behind.
/// The outbox relay of a running instance then brings the user's standings on the other boards into Redis too, without a
/// restart, a reconnection or <c>reconcile</c>.
/// </summary>
[Collection(DistributedCollection.Name)]
[Trait("Backend", "distributed")]
public sealed class BoardOutboxTests(RedisBoardsFixture fixture) : IClassFixture<RedisBoardsFixture>
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task A_credit_whose_board_updates_never_reached_Redis_is_brought_there_by_the_outbox_relay()
    {
        var (user, other) = (Json.NewId("undelivered"), Json.NewId("delivered"));
        using var service = fixture.Servers[0].CreateServiceClient();
        Assert.Equal(200, (await BoardsFixture.CreditAsync(service, other, "LEVEL_UP", 20)).Status);
        Assert.Equal(200, (await BoardsFixture.CreditAsync(service, user, "LEVEL_UP", 30)).Status);
        var boards = new[] { "levels", "best-level", "daily-levels" };
        var periods = new Dictionary<string, string>();
        foreach (var board in boards)
        {
            var (_, body) = await fixture.Servers[0].Client.GetJsonAsync($"/api/v1/boards/{board}");
            periods[board] = (string)body["currentPeriod"]!["key"]!;
            await fixture.Rankings.AssertRedisEqualsStoreAsync(board, periods[board], asc: false, Within);
        }

        // The commit happened (the store has the standings); the writer's Redis update and its relay pass did not.
        foreach (var board in boards)
        {
            await fixture.Rankings.ForgetInRedisAsync(board, periods[board], user);
            Assert.DoesNotContain(await fixture.Rankings.InRedisAsync(board, periods[board]), r => r.StartsWith(user + ":", StringComparison.Ordinal));
        }

        await fixture.Rankings.LeaveOutboxRowAsync(user);

        foreach (var board in boards)
        {
            await fixture.Rankings.AssertRedisEqualsStoreAsync(board, periods[board], asc: false, Within);
            Assert.Contains(await fixture.Rankings.InRedisAsync(board, periods[board]), r => r.StartsWith(user + ":30:", StringComparison.Ordinal));
        }
    }
}
