using Scoreboard.IntegrationTests.Infrastructure;

namespace Scoreboard.IntegrationTests.Boards;

/// <summary>
/// kill -9 in the middle of a burst of credits that each feed several boards: after a restart, every board's stored
/// standings and every board read equal its operator applied to the ledger (all boards or none for each credit).
/// </summary>
public sealed class BoardCrashTests
{
    [Fact]
    public async Task Killing_the_server_mid_burst_leaves_every_board_equal_to_its_operator_over_the_ledger()
    {
        var dataDir = Directory.CreateTempSubdirectory("scoreboard-boards-crash-").FullName;
        try
        {
            var server = await ScoreboardServer.StartAsync(dataDir, BoardsFixture.Environment());
            var acknowledged = 0;
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            var burst = Task.WhenAll(Enumerable.Range(0, 12).Select(async worker =>
            {
                using var client = server.CreateServiceClient();
                client.Timeout = TimeSpan.FromSeconds(10);
                for (var i = 0; !stop.IsCancellationRequested; i++)
                {
                    var (type, value) = (i % 3) switch { 0 => ("LEVEL_UP", 1 + (i * 7 % 100)), 1 => ("TASK_COMPLETE", 1 + (i % 50)), _ => ("LAP", 60_000 + (i * 13 % 5_000)) };
                    try
                    {
                        var (status, _) = await BoardsFixture.CreditAsync(client, $"crash_{(worker + i) % 10}", type, value);
                        if (status == 200)
                        {
                            Interlocked.Increment(ref acknowledged);
                        }
                    }
                    catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                    {
                        return; // the server is gone
                    }
                }
            }));

            await Waiting.UntilAsync(() => Volatile.Read(ref acknowledged) >= 300, TimeSpan.FromSeconds(60));
            server.Kill();
            await burst;
            await server.DisposeAsync();

            await using var restarted = await ScoreboardServer.StartAsync(dataDir, BoardsFixture.Environment());
            using var reader = restarted.CreateClient();
            Assert.True((await Ledger.EventsAsync(restarted.DatabasePath)).Count >= 300);
            foreach (var board in BoardsFixture.Boards)
            {
                foreach (var (period, window) in await board.PeriodsAsync(reader))
                {
                    var expected = await board.ExpectedAsync(restarted.DatabasePath, window: window);
                    Assert.Equal(expected.OrderBy(e => e.Key), (await board.StoredAsync(restarted.DatabasePath, period)).OrderBy(e => e.Key));
                    Assert.Equal(expected.OrderBy(e => e.Key), (await BoardsFixture.EntriesAsync(reader, board.Id, period)).ToDictionary(e => e.User, e => e.Score).OrderBy(e => e.Key));
                }

                Assert.NotEmpty(await board.ExpectedAsync(restarted.DatabasePath));
            }
        }
        finally
        {
            Directory.Delete(dataDir, recursive: true);
        }
    }
}
