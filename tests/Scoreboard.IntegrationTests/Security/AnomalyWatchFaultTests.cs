using System.Net.Http.Headers;
using Scoreboard.IntegrationTests.Infrastructure;
using static Scoreboard.IntegrationTests.Security.SignedBodies;

namespace Scoreboard.IntegrationTests.Security;

/// <summary>
/// The anomaly watch runs after a credit is committed: when it cannot write its flag, the credit still answers 200
/// (it is in the ledger), never 500, which would send the client to retry a credit that already counted.
/// </summary>
public sealed class AnomalyWatchFaultTests : IAsyncLifetime
{
    private ScoreboardServer _server = null!;

    public async Task InitializeAsync() => _server = await ScoreboardServer.StartAsync(environment: new Dictionary<string, string?>
    {
        ["JWT_SECRET"] = SecurityFixture.JwtSecret,
        ["HMAC_SECRET_KEY"] = SecurityFixture.HmacSecret,
        // The first credit (10 points) is already outsized: every credit tries to write a flag.
        ["Scoreboard__AntiCheat__MinPoints"] = "10",
        ["Scoreboard__AntiCheat__GrowthFactor"] = "1",
    });

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task A_committed_credit_answers_200_when_its_anomaly_flag_cannot_be_written()
    {
        await RefuseFlagWritesAsync();
        var user = Json.NewId("flagfail");
        using var client = _server.CreateClient();
        var token = TestTokens.Hs256(SecurityFixture.JwtSecret, TestTokens.Claims(user, issuer: null, audience: null, permission: null));
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        using var response = await client.PostAsync("/api/v1/scores/update", Json.Body(Seed000(Guid.NewGuid().ToString(), user).ToJsonString()));
        var body = await response.Content.ReadAsStringAsync();
        var events = await Ledger.EventsAsync(_server.DatabasePath);

        Assert.True((int)response.StatusCode == 200, $"{(int)response.StatusCode} {body}");
        Assert.Single(events, e => e.UserId == user && e.Points == 10);
        Assert.Contains("could not record a committed credit", _server.Output, StringComparison.Ordinal);
    }

    // As a full disk would, but for this one table: the ledger still takes the credit.
    private async Task RefuseFlagWritesAsync()
    {
        await using var connection = await Ledger.OpenAsync(_server.DatabasePath);
        await using var command = connection.CreateCommand();
        command.CommandText = DistributedBackend.IsSelected
            ? """
              CREATE FUNCTION refuse_flags() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'no space left'; END $$;
              CREATE TRIGGER refuse_flags BEFORE INSERT ON suspicious_activity FOR EACH ROW EXECUTE FUNCTION refuse_flags();
              """
            : "CREATE TRIGGER refuse_flags BEFORE INSERT ON suspicious_activity BEGIN SELECT RAISE(ABORT, 'no space left'); END;";
        await command.ExecuteNonQueryAsync();
    }
}
