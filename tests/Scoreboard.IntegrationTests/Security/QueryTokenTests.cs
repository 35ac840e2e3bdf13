using System.Text.Json.Nodes;
using Scoreboard.IntegrationTests.Infrastructure;
using static Scoreboard.IntegrationTests.Security.SignedBodies;

namespace Scoreboard.IntegrationTests.Security;

/// <summary>Hole 9: <c>?access_token=</c> is a live channel's way in, never a credit endpoint's.</summary>
[Collection(SecurityCollection.Name)]
public sealed class QueryTokenTests(SecurityFixture fixture)
{
    [Fact]
    public async Task Credit_with_access_token_in_the_query_is_refused_even_when_it_asks_for_an_event_stream()
    {
        var user = Json.NewId("querytoken");
        var token = TestTokens.Hs256(SecurityFixture.JwtSecret, TestTokens.Claims(user));
        var before = await fixture.LedgerAsync();
        var anonymous = fixture.Server.CreateClient();

        var (seed003, body003) = await anonymous.PostAsync($"/api/score/update?access_token={token}",
            Seed003(Guid.NewGuid().ToString(), 10, user).ToJsonString(), ("Accept", "text/event-stream"));
        var (seed000, body000) = await anonymous.PostAsync($"/api/v1/scores/update?access_token={token}",
            Seed000(Guid.NewGuid().ToString(), user).ToJsonString(), ("Accept", "text/event-stream"));
        var (ticket, _) = await anonymous.PostAsync($"/api/v1/actions/QUICK/start?access_token={token}", new JsonObject(), ("Accept", "text/event-stream"));
        var afterRefusals = await fixture.LedgerAsync();
        var (lookup, _) = await anonymous.GetJsonAsync($"/api/v1/scores/user/{user}");

        Assert.True(seed003 == 401, $"003: {seed003} {body003}");
        Assert.True(seed000 == 401, $"000: {seed000} {body000}");
        Assert.Equal(401, ticket);
        Assert.Equal(before, afterRefusals);
        Assert.Equal(404, lookup);

        // The same token in the Authorization header is good: the query was the only thing refused.
        var (header, headerBody) = await fixture.Bearer(token).PostAsync("/api/score/update", Seed003(Guid.NewGuid().ToString(), 10, user).ToJsonString());
        Assert.True(header == 200, $"{header} {headerBody}");
    }

    [Fact]
    public async Task Live_channels_still_take_access_token_from_the_query()
    {
        var user = Json.NewId("querylive");
        var token = TestTokens.Hs256(SecurityFixture.JwtSecret, TestTokens.Claims(user));

        await using var sse = await SseClient.ConnectAsync(fixture.Server, $"/leaderboard/stream?access_token={token}");
        await using var ws = await WsClient.ConnectAsync(fixture.Server, $"/ws/scoreboard?access_token={token}&userId={user}");

        // userId is accepted only when it names the token's subject, so the snapshot proves the query token was read.
        Assert.Equal("scoreboard_snapshot", (string?)(await ws.ReceiveAsync())["type"]);
    }
}
