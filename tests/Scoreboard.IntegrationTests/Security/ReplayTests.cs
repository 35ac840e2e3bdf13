using System.Text.Json.Nodes;
using Scoreboard.IntegrationTests.Infrastructure;
using static Scoreboard.IntegrationTests.Security.SignedBodies;

namespace Scoreboard.IntegrationTests.Security;

/// <summary>
/// A verbatim replay of an applied credit is answered as the duplicate it is, before the time window, the cool-downs
/// and the budgets, so whoever captured the request cannot spend anything of the victim's with it.
/// </summary>
[Collection(IdentityCollection.Name)]
public sealed class ReplayTests(IdentityFixture fixture)
{
    private const string V1 = "/api/v1/scores/update";

    [Fact]
    public async Task A_replayed_level_up_gets_the_duplicate_answer_not_the_cool_down()
    {
        var victim = Json.NewId("victim");
        var client = fixture.UserClient(victim);
        var captured = Seed002(Json.NewId("level"), "LEVEL_UP", 100);
        Assert.Equal(200, (await client.PostAsync(V1, captured)).Status);

        var (status, reply) = await client.PostAsync(V1, captured);

        Assert.True(status == 409, reply.ToJsonString());
        Assert.Equal("DUPLICATE_ACTION", (string?)reply["error"]!["code"]);
        Assert.Equal(100, await fixture.TotalAsync(victim));
        Assert.Single(await fixture.EventsAsync(victim));
    }

    [Fact]
    public async Task Replays_of_a_captured_request_spend_none_of_the_victims_budget()
    {
        var victim = Json.NewId("victim");
        var client = fixture.UserClient(victim);
        var captured = Seed000(Json.NewId("act"), victim);
        Assert.Equal(200, (await client.PostAsync(V1, captured)).Status);

        for (var i = 0; i < 12; i++)
        {
            var (replayed, reply) = await client.PostAsync(V1, captured);
            Assert.True(replayed == 409, reply.ToJsonString());
            Assert.Equal("DUPLICATE_ACTION", (string?)reply["code"]);
        }

        // The user's budget is 10 credits a window: one was spent by the real credit, none by the replays.
        for (var i = 0; i < 9; i++)
        {
            var (status, reply) = await client.PostAsync(V1, Seed000(Json.NewId("act"), victim));
            Assert.True(status == 200, $"credit {i + 2}: {reply.ToJsonString()}");
        }

        Assert.Equal(100, await fixture.TotalAsync(victim));
        Assert.Equal(10, (await fixture.EventsAsync(victim)).Count);
    }

    [Fact]
    public async Task A_replay_after_the_signing_window_is_a_duplicate_not_a_stale_timestamp()
    {
        var victim = Json.NewId("victim");
        var client = fixture.UserClient(victim);
        var captured = Seed002(Json.NewId("task"), "ACHIEVEMENT", 150);
        Assert.Equal(200, (await client.PostAsync(V1, captured)).Status);
        await Task.Delay(TimeSpan.FromSeconds(IdentityFixture.WindowSeconds + 2));

        var (status, reply) = await client.PostAsync(V1, captured);

        Assert.True(status == 409, reply.ToJsonString());
        Assert.Equal("DUPLICATE_ACTION", (string?)reply["error"]!["code"]);
        Assert.Equal(150, await fixture.TotalAsync(victim));
    }

    [Fact]
    public async Task A_new_action_with_a_stale_timestamp_is_still_refused_and_changes_nothing()
    {
        var user = Json.NewId("user");
        var stale = Seed002(Json.NewId("task"), "ACHIEVEMENT", 150, Iso(-(IdentityFixture.WindowSeconds + 60)));

        var (status, reply) = await fixture.UserClient(user).PostAsync(V1, stale);

        Assert.True(status == 400, reply.ToJsonString());
        Assert.Equal("TIMESTAMP_OUT_OF_RANGE", (string?)reply["error"]!["code"]);
        Assert.Empty(await fixture.EventsAsync(user));
    }

    [Fact]
    public async Task A_replayed_003_credit_is_409_and_a_replay_with_another_signature_is_forged()
    {
        var victim = Json.NewId("victim");
        var client = fixture.UserClient(victim);
        var action = Json.NewId("act");
        Assert.Equal(200, (await client.PostAsync("/api/score/update", Seed003(action, 10, victim))).Status);
        var forged = new JsonObject { ["actionId"] = action, ["points"] = 10, ["actionSignature"] = new string('0', 64) };

        var (replayed, _) = await client.PostAsync("/api/score/update", Seed003(action, 10, victim));
        var (tampered, reply) = await client.PostAsync("/api/score/update", forged);

        Assert.Equal(409, replayed);
        Assert.True(tampered == 403, reply.ToJsonString());
        Assert.Equal(10, await fixture.TotalAsync(victim));
    }
}
