using System.Text.Json.Nodes;
using Scoreboard.IntegrationTests.Infrastructure;

namespace Scoreboard.IntegrationTests.Security;

/// <summary>
/// Every attack a curious user would try: each must get its status and error code, and leave the board, the
/// attacker's total and the ledger (read from the SQLite file) exactly as they were.
/// </summary>
[Collection(SecurityCollection.Name)]
public sealed class HostileBatteryTests(SecurityFixture fixture)
{
    [Fact]
    public void The_battery_holds_at_least_forty_attacks() => Assert.True(Attacks.All.Count >= 40, $"{Attacks.All.Count} attacks");

    [Theory]
    [MemberData(nameof(Attacks.Names), MemberType = typeof(Attacks))]
    public async Task Attack_is_refused_and_changes_nothing(string name)
    {
        var attack = Attacks.All[name];
        var user = Json.NewId("attacker");
        var probe = await attack.Prepare(fixture, user);
        var before = await SnapshotAsync(user);

        using var response = await probe.Client.PostAsync(probe.Path, probe.Content);
        var body = await Json.ReadAsync(response);

        Assert.True(attack.Status == (int)response.StatusCode, $"{name}: expected {attack.Status}, got {(int)response.StatusCode} {body}");
        Assert.Equal(attack.Code, CodeOf(body));
        Assert.False((bool?)body["success"] ?? false);
        if (attack.Status == 429)
        {
            Assert.True(response.Headers.RetryAfter?.Delta > TimeSpan.Zero, "429 carries Retry-After");
        }

        Assert.Equal(before, await SnapshotAsync(user));
    }

    /// <summary>Where a dialect puts its code: 000 beside the message, the others in an error object.</summary>
    public static string? CodeOf(JsonNode body) => body["error"] is JsonObject error ? (string?)error["code"] : (string?)body["code"];

    private async Task<string> SnapshotAsync(string user)
    {
        var client = fixture.Server.CreateClient();
        var (_, board) = await client.GetJsonAsync("/api/v1/scores/leaderboard?limit=100");
        var (status, total) = await client.GetJsonAsync($"/api/v1/scores/user/{user}");
        var (events, sum) = await fixture.LedgerAsync();
        return $"board={board["data"]!["leaderboard"]!.ToJsonString()} user={status}:{total["data"]?["score"]} ledger={events}/{sum}";
    }
}
