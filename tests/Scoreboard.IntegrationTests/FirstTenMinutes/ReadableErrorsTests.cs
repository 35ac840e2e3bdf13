using System.Text.Json.Nodes;
using Scoreboard.IntegrationTests.Infrastructure;
using Scoreboard.IntegrationTests.Security;
using static Scoreboard.IntegrationTests.Security.SignedBodies;

namespace Scoreboard.IntegrationTests.FirstTenMinutes;

/// <summary>Error replies read as written: apostrophes and letters are not \u-escaped, and each seed keeps its envelope.</summary>
[Collection(IdentityCollection.Name)]
public sealed class ReadableErrorsTests(IdentityFixture fixture)
{
    [Theory]
    [InlineData("004", "/scoreboard/top?limit=abc", "'limit' must be a whole number from 1 to 50.")]
    [InlineData("001", "/leaderboard?limit=0", "'limit' must be a whole number from 1 to 100.")]
    [InlineData("002", "/api/v1/scores/leaderboard/changes?since=yesterday", "'since' must be an ISO 8601 time such as 2025-10-17T10:30:01.000Z.")]
    [InlineData("002", "/api/v1/scores/user/not%20an%20id", "User ids are 1–64 characters of letters, digits and _ - . : @.")]
    [InlineData("boards", "/api/v1/boards/global/top?period=2026-W99", "'2026-W99' is not a period of board 'global'.")]
    public async Task A_read_refused_with_an_apostrophe_or_a_dash_says_it_as_written(string seed, string path, string message)
    {
        using var response = await fixture.Server.Client.GetAsync(path);

        await AssertReadableAsync(response, seed, message);
    }

    [Theory]
    [InlineData("000", "/api/v1/scores/update")]
    [InlineData("003", "/api/score/update")]
    public async Task A_user_credit_naming_another_user_is_refused_in_words_as_written(string seed, string path)
    {
        var user = Json.NewId("reader");
        var body = seed == "000" ? Seed000(Json.NewId("act"), user) : Seed003(Json.NewId("act"), 10, user);
        body["userId"] = Json.NewId("someone_else");
        using var client = fixture.UserClient(user);

        using var response = await client.PostAsync(path, Json.Body(body.ToJsonString()));

        await AssertReadableAsync(response, seed, "A user token credits only its own user: leave out 'userId' or send your own.");
        Assert.Equal(0, await fixture.TotalAsync(user));
    }

    private static async Task AssertReadableAsync(HttpResponseMessage response, string seed, string message)
    {
        var raw = await response.Content.ReadAsStringAsync();
        Assert.Equal(400, (int)response.StatusCode);
        Assert.DoesNotContain("\\u", raw, StringComparison.Ordinal);
        Assert.Contains(message, raw, StringComparison.Ordinal);

        // Each seed's own envelope, unchanged.
        var body = JsonNode.Parse(raw)!.AsObject();
        var keys = string.Join(",", body.Select(p => p.Key));
        var error = body["error"] as JsonObject;
        switch (seed)
        {
            case "000":
                Assert.Equal("success,error,code", keys);
                Assert.Equal(message, (string?)body["error"]);
                break;
            case "001":
                Assert.Equal("status,error", keys);
                Assert.Equal("code,message,details", string.Join(",", error!.Select(p => p.Key)));
                break;
            case "002":
                Assert.Equal("success,error", keys);
                Assert.Equal("code,message,details,timestamp", string.Join(",", error!.Select(p => p.Key)));
                break;
            default:
                Assert.Equal("error", keys);
                Assert.Equal("code,message,details", string.Join(",", error!.Select(p => p.Key)));
                break;
        }

        Assert.Equal(message, (string?)(error?["message"] ?? body["error"]));
    }
}
