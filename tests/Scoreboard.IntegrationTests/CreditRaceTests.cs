using Scoreboard.IntegrationTests.Infrastructure;

namespace Scoreboard.IntegrationTests;

/// <summary>
/// Group commit under load: racing credits for the same users, spread over many batches, each answered with the total
/// it made and together leaving the board showing exactly what the ledger holds.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class CreditRaceTests(ServerFixture fixture)
{
    private const int Users = 4;
    private const int CreditsPerUser = 50;

    private readonly HttpClient _service = fixture.Server.CreateServiceClient();

    [Fact]
    public async Task Racing_credits_over_many_batches_leave_each_user_on_the_board_with_the_ledger_total()
    {
        var users = Enumerable.Range(0, Users).Select(_ => Json.NewId("racer")).ToList();
        using var gate = new SemaphoreSlim(0);
        var requests = users.SelectMany(user => Enumerable.Range(0, CreditsPerUser).Select(async _ =>
        {
            await gate.WaitAsync();
            var (status, body) = await _service.PostAsync("/scores/increment", new { userId = user, actionId = Json.NewId("race") });
            return (User: user, Status: status, Score: status == 200 ? (long)body["newScore"]! : -1);
        })).ToList();
        gate.Release(requests.Count);
        var replies = await Task.WhenAll(requests);

        Assert.All(replies, r => Assert.Equal(200, r.Status));
        var totals = await Ledger.TotalsAsync(fixture.Server.DatabasePath);
        foreach (var user in users)
        {
            // Each credit saw the total after the ones committed before it: 10, 20, … once each.
            Assert.Equal(Enumerable.Range(1, CreditsPerUser).Select(i => 10L * i), replies.Where(r => r.User == user).Select(r => r.Score).Order());
            Assert.Equal(10L * CreditsPerUser, totals[user]);
            var (_, found) = await _service.GetJsonAsync($"/api/v1/scores/user/{user}");
            Assert.Equal(10L * CreditsPerUser, (long)found["data"]!["score"]!);
        }

        await Ledger.AssertTotalsMatchEventsAsync(fixture.Server.DatabasePath);
    }
}
