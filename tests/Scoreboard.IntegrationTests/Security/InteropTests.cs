using System.Text.Json.Nodes;
using Scoreboard.IntegrationTests.Infrastructure;
using static Scoreboard.IntegrationTests.Security.SignedBodies;

namespace Scoreboard.IntegrationTests.Security;

/// <summary>Valid tokens from another JWT implementation are accepted: interoperability, not self-consistency.</summary>
[Collection(SecurityCollection.Name)]
public sealed class InteropTests(SecurityFixture fixture)
{
    [Fact]
    public async Task Tokens_minted_by_jose_with_HS256_RS256_and_ES256_are_accepted()
    {
        var users = new[] { Json.NewId("jose-hs"), Json.NewId("jose-rs"), Json.NewId("jose-es") };
        var tokens = await JoseTokens.MintAsync(
            ("HS256", null, SecurityFixture.JwtSecret, TestTokens.Claims(users[0])),
            ("RS256", "rsa1", fixture.Rsa.ExportPkcs8PrivateKeyPem(), TestTokens.Claims(users[1])),
            ("ES256", "ec1", fixture.Ec.ExportPkcs8PrivateKeyPem(), TestTokens.Claims(users[2])));

        for (var i = 0; i < users.Length; i++)
        {
            var (status, body) = await fixture.Bearer(tokens[i]).PostAsync("/api/score/update", Seed003(Guid.NewGuid().ToString(), 10, users[i]).ToJsonString());

            Assert.True(status == 200, $"{users[i]}: {status} {body}");
            Assert.Equal(users[i], (string?)body["userId"]);
            Assert.Equal(10, (long)body["newScore"]!);
        }
    }

    [Fact]
    public async Task Seed002_token_with_userId_instead_of_sub_credits_that_user()
    {
        var user = Json.NewId("jose-002");
        var claims = TestTokens.Claims(null);
        claims["userId"] = user;
        claims["email"] = "player@example.org";
        var token = (await JoseTokens.MintAsync(("HS256", null, SecurityFixture.JwtSecret, claims)))[0];

        var (status, body) = await fixture.Bearer(token).PostAsync("/api/v1/scores/update", Seed002(Guid.NewGuid().ToString(), "TASK_COMPLETE", 25).ToJsonString());

        Assert.True(status == 200, $"{status} {body}");
        Assert.Equal(user, (string?)body["data"]!["userId"]);
        Assert.Equal(25, (long)body["data"]!["newScore"]!);
        Assert.Equal(0, (long)body["data"]!["previousScore"]!);
    }

    [Fact]
    public async Task Jose_token_for_the_wrong_audience_is_refused()
    {
        var user = Json.NewId("jose-aud");
        var token = (await JoseTokens.MintAsync(("RS256", "rsa1", fixture.Rsa.ExportPkcs8PrivateKeyPem(), TestTokens.Claims(user, audience: "elsewhere"))))[0];

        var (status, body) = await fixture.Bearer(token).PostAsync("/api/score/update", Seed003(Guid.NewGuid().ToString(), 10, user).ToJsonString());

        Assert.Equal(401, status);
        Assert.Equal("UNAUTHORIZED", HostileBatteryTests.CodeOf(body));
    }
}
