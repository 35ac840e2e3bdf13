using Scoreboard.IntegrationTests.Infrastructure;
using static Scoreboard.IntegrationTests.Security.SignedBodies;

namespace Scoreboard.IntegrationTests.Security;

/// <summary>
/// Action ids belong to whoever sent them: a user's ids, each service key's ids and the server's own (reversals) never
/// meet, so no caller can squat, block or pre-empt another's. Checked against the store's rows, read by SQL.
/// </summary>
[Collection(IdentityCollection.Name)]
public sealed class CallerScopeTests(IdentityFixture fixture)
{
    [Fact]
    public async Task A_cheater_cannot_dodge_a_reversal_by_crediting_its_action_id_first()
    {
        var cheater = Json.NewId("cheater");
        var client = fixture.UserClient(cheater);
        var cheat = Json.NewId("cheat");
        Assert.Equal(200, (await client.PostAsync("/api/score/update", Seed003(cheat, 10, cheater))).Status);
        var cheatEvent = await EventIdAsync(cheat);

        // What the old ledger took as "already reversed": an event whose action id is reversal:{id}, sent by the cheater
        // and by an accomplice's service key.
        var squat = $"reversal:{cheatEvent}";
        Assert.Equal(200, (await client.PostAsync("/api/score/update", Seed003(squat, 10, cheater))).Status);
        var (accomplice, _) = await fixture.ServiceClient(IdentityFixture.KeyA).PostAsync("/scores/increment", new { userId = cheater, actionId = squat });
        Assert.Equal(200, accomplice);
        var before = await fixture.TotalAsync(cheater);

        var (status, reply) = await fixture.AdminClient().PostAsync($"/api/v1/admin/users/{cheater}/reverse", new { });

        Assert.True(status == 200, reply.ToJsonString());
        Assert.True(before > 0);
        Assert.Equal(0, await fixture.TotalAsync(cheater));
        var events = await fixture.EventsAsync(cheater);
        Assert.Equal(3, events.Count(e => e.Points > 0));
        Assert.Equal(3, events.Count(e => e.Points < 0 && e.Source == "admin"));
        await Ledger.AssertTotalsMatchEventsAsync(fixture.Server.DatabasePath);
    }

    [Fact]
    public async Task A_users_action_id_does_not_block_a_service_keys_credit_with_the_same_id()
    {
        var squatter = Json.NewId("squatter");
        var customer = Json.NewId("customer");
        var purchase = Json.NewId("purchase");
        Assert.Equal(200, (await fixture.UserClient(squatter).PostAsync("/api/score/update", Seed003(purchase, 10, squatter))).Status);

        var (status, reply) = await fixture.ServiceClient(IdentityFixture.KeyA).PostAsync("/scores/increment", new { userId = customer, actionId = purchase });

        Assert.True(status == 200, reply.ToJsonString());
        Assert.True((bool)reply["applied"]!);
        Assert.Equal([purchase], (await fixture.EventsAsync(customer)).Select(e => e.ActionId));
        Assert.Equal([purchase], (await fixture.EventsAsync(squatter)).Select(e => e.ActionId));
    }

    [Fact]
    public async Task A_service_key_resending_its_action_id_for_another_user_is_still_a_conflict()
    {
        var key = fixture.ServiceClient(IdentityFixture.KeyA);
        var (first, second) = (Json.NewId("first"), Json.NewId("second"));
        var order = Json.NewId("order");
        Assert.Equal(200, (await key.PostAsync("/scores/increment", new { userId = first, actionId = order })).Status);

        var (status, reply) = await key.PostAsync("/scores/increment", new { userId = second, actionId = order });

        Assert.Equal(409, status);
        Assert.Equal("CONFLICT", (string?)reply["error"]!["code"]);
        Assert.Empty(await fixture.EventsAsync(second));
    }

    [Fact]
    public async Task Idempotency_keys_of_two_service_keys_never_meet_whatever_their_names()
    {
        // Key "a" with "b:order-N" and key "a:b" with "order-N" once spelled the same ledger id.
        var order = Json.NewId("order");
        var (userA, userAB) = (Json.NewId("buyer"), Json.NewId("buyer"));
        var (statusA, _) = await fixture.ServiceClient(IdentityFixture.KeyA)
            .PostAsync("/scores", new { user_id = userA, action_id = "complete_level_5" }, ("Idempotency-Key", $"b:{order}"));

        var (statusAB, replyAB) = await fixture.ServiceClient(IdentityFixture.KeyAB)
            .PostAsync("/scores", new { user_id = userAB, action_id = "complete_level_5" }, ("Idempotency-Key", order));

        Assert.Equal(200, statusA);
        Assert.True(statusAB == 200, replyAB.ToJsonString());
        Assert.Single(await fixture.EventsAsync(userA));
        Assert.Single(await fixture.EventsAsync(userAB));
        Assert.Equal(await fixture.TotalAsync(userA), await fixture.TotalAsync(userAB));
    }

    private async Task<long> EventIdAsync(string actionId)
    {
        await using var connection = await Ledger.OpenAsync(fixture.Server.DatabasePath);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT id FROM score_events WHERE action_id = '{actionId}'";
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
