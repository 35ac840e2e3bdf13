using System.Net;
using System.Net.Sockets;
using Scoreboard.IntegrationTests.Infrastructure;

namespace Scoreboard.IntegrationTests.Cli;

/// <summary>One data folder, one process: a second server, a migrate or a restore on a held folder refuses at once.</summary>
[Trait("Backend", "embedded")]
public sealed class DataFolderTests
{
    [Theory]
    [InlineData("serve")]
    [InlineData("migrate")]
    [InlineData("restore")]
    public async Task A_verb_on_a_folder_a_server_holds_exits_2_with_one_line_and_leaves_the_store_alone(string verb)
    {
        await using var server = await ScoreboardServer.StartAsync();
        using var client = server.CreateServiceClient();
        Assert.Equal(200, (await client.PostAsync("/scores/increment", new { userId = "ann", actionId = "a-1" })).Status);
        using var elsewhere = Cli.NewFolder();
        var backup = Path.Combine(elsewhere.Path, "copy.db");
        Assert.Equal(0, (await Cli.RunAsync(server.DataDir, "backup", backup)).Exit);
        var before = Snapshot(server.DatabasePath);

        string[] args = verb switch
        {
            "serve" => ["serve", "--urls", "http://127.0.0.1:0"],
            "restore" => ["restore", backup],
            _ => [verb],
        };
        var result = await Cli.RunAsync(server.DataDir, args);

        Assert.True(result.Exit == 2, result.ToString());
        var line = Assert.Single(result.ErrorLines);
        Assert.Contains(server.DataDir, line, StringComparison.Ordinal);
        Assert.Contains($"process {server.ProcessId}", line, StringComparison.Ordinal);
        Assert.DoesNotContain("Now listening", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", result.Output, StringComparison.Ordinal);
        Assert.Equal(before, Snapshot(server.DatabasePath));
        Assert.Equal(200, (await client.PostAsync("/scores/increment", new { userId = "ann", actionId = "a-2" })).Status);
        var (status, board) = await client.GetJsonAsync("/scoreboard/top");
        Assert.Equal(200, status);
        Assert.Equal(20, board["entries"]![0]!["score"]!.GetValue<long>());
    }

    [Fact]
    public async Task A_killed_server_leaves_no_lock_behind()
    {
        using var folder = Cli.NewFolder();
        await using (var first = await ScoreboardServer.StartAsync(folder.Path))
        {
            first.Kill();
        }

        await using var second = await ScoreboardServer.StartAsync(folder.Path);
        Assert.Equal(HttpStatusCode.OK, (await second.Client.GetAsync("/scoreboard/top")).StatusCode);
    }

    [Fact]
    public async Task Migrate_on_a_free_folder_creates_the_store()
    {
        using var folder = Cli.NewFolder();

        var result = await Cli.RunAsync(folder.Path, "migrate");

        Assert.True(result.Exit == 0, result.ToString());
        Assert.Contains("is migrated", result.Output, StringComparison.Ordinal);
        Assert.Empty(await Ledger.TotalsAsync(Path.Combine(folder.Path, "scoreboard.db")));
    }

    // Size and write time of the database and its log: what a second writer would change first.
    private static string Snapshot(string database) => string.Join(" ", new[] { database, database + "-wal" }
        .Select(f => new FileInfo(f))
        .Select(f => f.Exists ? $"{f.Name}:{f.Length}:{f.LastWriteTimeUtc.Ticks}" : $"{f.Name}:none"));
}

/// <summary>A busy port is one line too, whichever backend the server would use.</summary>
public sealed class BusyPortTests
{
    [Fact]
    public async Task A_busy_port_exits_2_with_one_line_naming_it()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;
        using var folder = Cli.NewFolder();

        var result = await Cli.RunAsync(folder.Path, "--urls", $"http://127.0.0.1:{port}");

        Assert.True(result.Exit == 2, result.ToString());
        var line = Assert.Single(result.ErrorLines);
        Assert.Contains($"port {port} is in use; set PORT", line, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", result.Output, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(folder.Path, "scoreboard.db")), "the store was created before the port was checked");
    }
}
