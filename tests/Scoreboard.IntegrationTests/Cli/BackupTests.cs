using Microsoft.Data.Sqlite;
using Scoreboard.IntegrationTests.Infrastructure;

namespace Scoreboard.IntegrationTests.Cli;

/// <summary><c>backup</c> while serving, and <c>restore</c> onto a stopped server's folder.</summary>
public sealed class BackupTests
{
    [Fact]
    [Trait("Backend", "embedded")]
    public async Task A_backup_taken_while_credits_flow_is_consistent_and_restore_brings_it_back()
    {
        using var copies = Cli.NewFolder();
        var copy = Path.Combine(copies.Path, "scoreboard-backup.db");
        await using var server = await ScoreboardServer.StartAsync();
        using var client = server.CreateServiceClient();
        using var stop = new CancellationTokenSource();
        var credits = Task.WhenAll(Enumerable.Range(0, 4).Select(async writer =>
        {
            for (var i = 0; !stop.IsCancellationRequested && i < 2_000; i++)
            {
                Assert.Equal(200, (await client.PostAsync("/scores/increment", new { userId = $"user-{(writer * 7 + i) % 50}", actionId = $"w{writer}-{i}" })).Status);
            }
        }));
        await Task.Delay(500);

        var backup = await Cli.RunAsync(server.DataDir, "backup", copy);
        stop.Cancel();
        await credits;

        Assert.True(backup.Exit == 0, backup.ToString());
        Assert.Contains("backup: 100%", backup.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(copy + ".partial"));
        Assert.Equal("ok", await ScalarAsync(copy, "PRAGMA integrity_check"));
        await Ledger.AssertTotalsMatchEventsAsync(copy);
        var copied = await Ledger.TotalsAsync(copy);
        Assert.NotEmpty(copied);

        // Restore over another store: the folder then holds the copy, not what was there.
        using var other = Cli.NewFolder();
        await using (var before = await ScoreboardServer.StartAsync(other.Path))
        {
            Assert.Equal(200, (await before.CreateServiceClient().PostAsync("/scores/increment", new { userId = "zed", actionId = "z-1" })).Status);
            await before.StopAsync();
        }

        var restore = await Cli.RunAsync(other.Path, "restore", copy);

        Assert.True(restore.Exit == 0, restore.ToString());
        await using var restored = await ScoreboardServer.StartAsync(other.Path);
        Assert.Equal(copied, await Ledger.TotalsAsync(restored.DatabasePath));
        var (_, top) = await restored.Client.GetJsonAsync("/scoreboard/top");
        Assert.Equal(copied.Values.Max(), top["entries"]![0]!["score"]!.GetValue<long>());
        Assert.DoesNotContain("zed", top.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Backend", "embedded")]
    public async Task Restore_refuses_a_file_that_is_not_a_backup_and_leaves_the_store_alone()
    {
        using var folder = Cli.NewFolder();
        await using (var server = await ScoreboardServer.StartAsync(folder.Path))
        {
            Assert.Equal(200, (await server.CreateServiceClient().PostAsync("/scores/increment", new { userId = "ann", actionId = "a-1" })).Status);
            await server.StopAsync();
        }

        var junk = Path.Combine(folder.Path, "junk.db");
        await File.WriteAllTextAsync(junk, "not a database");
        var totals = await Ledger.TotalsAsync(Path.Combine(folder.Path, "scoreboard.db"));

        var result = await Cli.RunAsync(folder.Path, "restore", junk);

        Assert.Equal(2, result.Exit);
        Assert.Contains("is not a scoreboard backup", Assert.Single(result.ErrorLines), StringComparison.Ordinal);
        Assert.Equal(totals, await Ledger.TotalsAsync(Path.Combine(folder.Path, "scoreboard.db")));
    }

    [Theory]
    [InlineData("backup")]
    [InlineData("restore")]
    public async Task In_distributed_mode_backup_and_restore_point_to_pg_dump(string verb)
    {
        using var folder = Cli.NewFolder();
        var file = Path.Combine(folder.Path, "dump");
        await File.WriteAllTextAsync(file, "");
        var environment = DistributedBackend.WithSharedSecrets(DistributedBackend.Environment("Host=127.0.0.1;Port=1;Username=nobody;Database=nothing", "127.0.0.1:1", "nothing"));

        var result = await Cli.RunAsync(folder.Path, environment, verb, file);

        Assert.Equal(2, result.Exit);
        Assert.Contains("pg_dump", Assert.Single(result.ErrorLines), StringComparison.Ordinal);
    }

    private static async Task<object?> ScalarAsync(string database, string sql)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = database, Pooling = false }.ToString());
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }
}
