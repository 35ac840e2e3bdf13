using Scoreboard.IntegrationTests.Infrastructure;
using static Scoreboard.IntegrationTests.Security.SignedBodies;

namespace Scoreboard.IntegrationTests.Security;

/// <summary>
/// A credit that committed is answered as applied, whatever fails after the commit: a 500 would make the client retry
/// an action that already counted (the retry is only a duplicate, but the player is told it failed).
/// </summary>
public sealed class AfterCommitTests
{
    [Fact]
    public async Task A_committed_credit_is_answered_200_when_writing_its_anomaly_flag_fails()
    {
        // A lone user who gains 25 points is flagged: the third credit of 10 writes a flag.
        await using var server = await IdentityFixture.StartAsync(new() { ["Scoreboard__AntiCheat__MinPoints"] = "25" });
        await Ledger.ExecuteAsync(server.DatabasePath, DistributedBackend.IsSelected
            ? """
              CREATE FUNCTION refuse_flags() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'no space left on device'; END $$;
              CREATE TRIGGER refuse_flags BEFORE INSERT ON suspicious_activity FOR EACH ROW EXECUTE FUNCTION refuse_flags();
              """
            : "CREATE TRIGGER refuse_flags BEFORE INSERT ON suspicious_activity BEGIN SELECT RAISE(ABORT, 'no space left on device'); END;");
        var user = Json.NewId("player");
        var client = IdentityFixture.UserClient(server, user);

        for (var i = 1; i <= 4; i++)
        {
            var (status, reply) = await client.PostAsync("/api/v1/scores/update", Seed000(Json.NewId("act"), user));
            Assert.True(status == 200, $"credit {i}: {status} {reply.ToJsonString()}");
            Assert.Equal(10 * i, (long)reply["newScore"]!);
            Assert.Equal(1, (long)reply["rank"]!);
        }

        Assert.Equal(40, (await Ledger.TotalsAsync(server.DatabasePath))[user]);
        Assert.Contains("anomaly watch", server.Output, StringComparison.Ordinal);
    }
}
