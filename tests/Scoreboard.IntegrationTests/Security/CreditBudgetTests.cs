using Scoreboard.IntegrationTests.Infrastructure;
using static Scoreboard.IntegrationTests.Security.SignedBodies;

namespace Scoreboard.IntegrationTests.Security;

/// <summary>
/// One rule for what a refused request spends, in both modes: nothing. Budgets are the last check before the ledger and
/// count a request in all of them or in none, so a user refused by their own budget, a forged signature or a cool-down
/// never uses up the address budget of the others behind the same address.
/// </summary>
public sealed class CreditBudgetTests
{
    private const string V1 = "/api/v1/scores/update";

    [Fact]
    public async Task Refused_credits_of_one_user_spend_nothing_of_another_users_budget_at_the_same_address()
    {
        await using var server = await IdentityFixture.StartAsync(new() { ["Scoreboard__RateLimits__PerIpPerMinute"] = "13" });
        var (noisy, neighbour) = (Json.NewId("noisy"), Json.NewId("neighbour"));
        var client = IdentityFixture.UserClient(server, noisy);
        for (var i = 0; i < 9; i++)
        {
            await ExpectAsync(client, Seed000(Json.NewId("act"), noisy), 200);
        }

        await ExpectAsync(client, Seed002(Json.NewId("level"), "LEVEL_UP", 100), 200);
        await ExpectAsync(client, Seed002(Json.NewId("level"), "LEVEL_UP", 100), 429); // the type's cool-down
        for (var i = 0; i < 5; i++)
        {
            await ExpectAsync(client, Seed000(Json.NewId("act"), noisy), 429); // the user's own budget of 10
            await ExpectAsync(client, Seed000(Json.NewId("act"), noisy, secret: "forged-secret-0123456789"), 403);
        }

        var other = IdentityFixture.UserClient(server, neighbour);
        for (var i = 0; i < 3; i++)
        {
            await ExpectAsync(other, Seed000(Json.NewId("act"), neighbour), 200);
        }

        // The address budget is real: 10 + 3 credits filled it.
        await ExpectAsync(other, Seed000(Json.NewId("act"), neighbour), 429);
        var totals = await Ledger.TotalsAsync(server.DatabasePath);
        Assert.Equal(190, totals[noisy]);
        Assert.Equal(30, totals[neighbour]);
        Assert.Equal(13, (await Ledger.EventsAsync(server.DatabasePath)).Count);
    }

    private static async Task ExpectAsync(HttpClient client, System.Text.Json.Nodes.JsonObject body, int expected)
    {
        var (status, reply) = await client.PostAsync(V1, body);
        Assert.True(status == expected, $"expected {expected}, got {status} {reply.ToJsonString()}");
    }
}
