using Scoreboard.IntegrationTests.Infrastructure;

namespace Scoreboard.IntegrationTests.Live;

/// <summary>Push sequence numbers from an embedded server keep growing when it restarts, so resuming clients are not fooled.</summary>
[Trait("Backend", "embedded")]
public sealed class SequenceAcrossRestartTests
{
    [Fact]
    public async Task Board_sequence_numbers_keep_growing_across_a_restart()
    {
        var dataDir = Directory.CreateTempSubdirectory("scoreboard-test-").FullName;
        try
        {
            long beforeRestart;
            await using (var server = await ScoreboardServer.StartAsync(dataDir))
            {
                beforeRestart = await CreditAndReadSequenceAsync(server, "early");
                await CreditAndReadSequenceAsync(server, "middle");
                beforeRestart = Math.Max(beforeRestart, await CreditAndReadSequenceAsync(server, "late"));
                await server.StopAsync();
            }

            await using var restarted = await ScoreboardServer.StartAsync(dataDir);
            var afterRestart = await CreditAndReadSequenceAsync(restarted, "after");

            Assert.True(afterRestart > beforeRestart, $"sequence {afterRestart} after the restart must exceed {beforeRestart} from before it");
        }
        finally
        {
            Directory.Delete(dataDir, recursive: true);
        }
    }

    /// <summary>Credits a new user onto a board of fewer than ten and returns the sequence of the push that shows it.</summary>
    private static async Task<long> CreditAndReadSequenceAsync(ScoreboardServer server, string user)
    {
        await using var live = await WsClient.ConnectAsync(server, "/ws/scoreboard");
        Assert.Equal("scoreboard_snapshot", (string?)(await live.ReceiveAsync())["type"]);
        using var client = server.CreateServiceClient();
        var (status, _) = await client.PostAsync("/scores/increment", new { userId = user, actionId = Json.NewId(user) });
        Assert.Equal(200, status);

        var update = await live.ReceiveAsync();
        while (!update["entries"]!.AsArray().Any(e => (string?)e!["userId"] == user))
        {
            update = await live.ReceiveAsync();
        }

        return (long)update["sequence"]!;
    }
}
