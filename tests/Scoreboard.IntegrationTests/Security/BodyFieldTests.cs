using System.Text.Json.Nodes;
using Scoreboard.IntegrationTests.Infrastructure;
using static Scoreboard.IntegrationTests.Security.SignedBodies;

namespace Scoreboard.IntegrationTests.Security;

/// <summary>
/// What a body may carry besides its own fields: the token's own user id, and unknown fields, which are ignored. The
/// refusals (duplicate keys, fields that would choose the user or the points) are rows of the hostile battery.
/// </summary>
[Collection(IdentityCollection.Name)]
public sealed class BodyFieldTests(IdentityFixture fixture)
{
    [Fact]
    public async Task A_userId_equal_to_the_tokens_own_subject_is_accepted()
    {
        var user = Json.NewId("user");
        var body = Seed002(Json.NewId("task"), "ACHIEVEMENT", 20);
        body["userId"] = user;

        var (status, reply) = await fixture.UserClient(user).PostAsync("/api/v1/scores/update", body);

        Assert.True(status == 200, reply.ToJsonString());
        Assert.Equal(20, await fixture.TotalAsync(user));
    }

    [Fact]
    public async Task Unknown_fields_that_choose_neither_user_nor_points_are_ignored()
    {
        var user = Json.NewId("user");
        var body = Seed003(Json.NewId("act"), 10, user);
        body["clientVersion"] = "2.4.1";
        body["meta"] = new JsonObject { ["screen"] = "level-5", ["nested"] = new JsonObject { ["points"] = 5 } };

        var (status, reply) = await fixture.UserClient(user).PostAsync("/api/score/update", body);

        Assert.True(status == 200, reply.ToJsonString());
        Assert.Equal(10, await fixture.TotalAsync(user));
    }

    [Fact]
    public async Task A_service_credit_with_a_refused_field_changes_nothing_in_the_store()
    {
        var user = Json.NewId("user");

        var (status, reply) = await fixture.ServiceClient(IdentityFixture.KeyA)
            .PostAsync("/scores/increment", new { userId = user, actionId = Json.NewId("order"), delta = 500 });

        Assert.Equal(400, status);
        Assert.Equal("FIELD_NOT_ALLOWED", (string?)reply["error"]!["code"]);
        Assert.Equal("delta", (string?)reply["error"]!["details"]!["field"]);
        Assert.Empty(await fixture.EventsAsync(user));
    }

    [Theory]
    [InlineData("metadata")]
    [InlineData("value")]
    public async Task A_user_token_cannot_set_entry_metadata_or_a_value(string field)
    {
        var user = Json.NewId("user");
        var body = Seed002(Json.NewId("task"), "ACHIEVEMENT", 20);
        body[field] = field == "value" ? 200 : new JsonObject { ["country"] = "XX" };

        var (status, reply) = await fixture.UserClient(user).PostAsync("/api/v1/scores/update", body);

        Assert.Equal((400, "FIELD_NOT_ALLOWED"), (status, (string?)reply["error"]!["code"]));
        Assert.Empty(await fixture.EventsAsync(user));
    }
}
