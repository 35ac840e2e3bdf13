using Scoreboard.IntegrationTests.Infrastructure;
using static Scoreboard.IntegrationTests.Security.SignedBodies;

namespace Scoreboard.IntegrationTests.Security;

/// <summary>
/// Names that could pass for someone else's (bidirectional overrides, zero-width characters) never reach the board:
/// a service call naming one is refused, a token carrying one credits without it. Names are kept in NFC.
/// </summary>
[Collection(SecurityCollection.Name)]
public sealed class DisplayNameTests(SecurityFixture fixture)
{
    [Theory]
    [InlineData("admin\u202Enimda")]
    [InlineData("Ali\u200Bce")]
    [InlineData("\uFEFFAlice")]
    [InlineData("iso\u2066late\u2069")]
    public async Task A_service_credit_naming_an_impersonating_display_name_is_refused_and_changes_nothing(string name)
    {
        var user = Json.NewId("svcname");
        var before = await fixture.LedgerAsync();

        var (status, body) = await fixture.Server.CreateServiceClient().PostAsync("/scores/increment",
            new { userId = user, actionId = Json.NewId("act"), displayName = name });
        var (lookup, _) = await fixture.Server.Client.GetJsonAsync($"/api/v1/scores/user/{user}");

        Assert.True(status == 400, $"{status} {body}");
        Assert.Equal(before, await fixture.LedgerAsync());
        Assert.Equal(404, lookup);
        Assert.Null(await Ledger.UsernameAsync(fixture.Server.DatabasePath, user));
    }

    [Fact]
    public async Task A_service_credits_name_is_stored_and_shown_in_nfc()
    {
        var user = Json.NewId("nfc");

        var (status, body) = await fixture.Server.CreateServiceClient().PostAsync("/scores/increment",
            new { userId = user, actionId = Json.NewId("act"), displayName = "Zoe\u0308" });
        var (_, row) = await fixture.Server.Client.GetJsonAsync($"/api/v1/scores/user/{user}");

        Assert.True(status == 200, $"{status} {body}");
        Assert.Equal("Zo\u00EB", (string?)row["data"]!["username"]);
        Assert.Equal("Zo\u00EB", await Ledger.UsernameAsync(fixture.Server.DatabasePath, user));
    }

    [Fact]
    public async Task A_token_whose_name_hides_a_bidi_override_still_credits_and_the_board_shows_the_user_id()
    {
        var user = Json.NewId("tokname");
        var before = await fixture.LedgerAsync();

        var (status, body) = await fixture.UserClient(user, "Bob\u202Egnp.exe")
            .PostAsync("/api/score/update", Seed003(Guid.NewGuid().ToString(), 10, user).ToJsonString());
        var (_, row) = await fixture.Server.Client.GetJsonAsync($"/api/v1/scores/user/{user}");

        Assert.True(status == 200, $"{status} {body}");
        Assert.Equal(10, (long)row["data"]!["score"]!);
        Assert.Equal(user, (string?)row["data"]!["username"]);
        Assert.Equal((before.Events + 1, before.Sum + 10), await fixture.LedgerAsync());
        Assert.NotEqual("Bob\u202Egnp.exe", await Ledger.UsernameAsync(fixture.Server.DatabasePath, user));
    }
}
