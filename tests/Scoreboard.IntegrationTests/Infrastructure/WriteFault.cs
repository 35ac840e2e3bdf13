using Npgsql;

namespace Scoreboard.IntegrationTests.Infrastructure;

/// <summary>
/// Makes the store's writes fail for real while reads keep working. Embedded: the data folder lives on a 4 MiB tmpfs
/// (mounted here; root is needed, as in CI) that is filled with a file until the disk is full. Distributed: the
/// server's PostgreSQL refuses every new ledger row through a CHECK constraint that no row can pass.
/// </summary>
public sealed class WriteFault : IAsyncDisposable
{
    private const string Constraint = "test_refuses_every_write";
    private readonly string? _mount;

    private WriteFault(string? mount, string dataDir) => (_mount, DataDir) = (mount, dataDir);

    /// <summary>The data folder to start the server on.</summary>
    public string DataDir { get; }

    private string Filler => Path.Combine(_mount!, "filler");

    public static async Task<WriteFault> StartAsync()
    {
        if (DistributedBackend.IsSelected)
        {
            return new WriteFault(null, Directory.CreateTempSubdirectory("scoreboard-test-").FullName);
        }

        var mount = Directory.CreateTempSubdirectory("scoreboard-tmpfs-").FullName;
        await Shell.RunAsync("mount", "-t", "tmpfs", "-o", "size=4m,mode=0755", "tmpfs", mount);
        return new WriteFault(mount, Path.Combine(mount, "data"));
    }

    public async Task BreakWritesAsync(string dataDir)
    {
        if (_mount is null)
        {
            await SqlAsync(dataDir, $"ALTER TABLE score_events ADD CONSTRAINT {Constraint} CHECK (false) NOT VALID");
            return;
        }

        await using var filler = new FileStream(Filler, FileMode.Create, FileAccess.Write);
        var chunk = new byte[64 * 1024];
        try
        {
            while (true)
            {
                await filler.WriteAsync(chunk);
                await filler.FlushAsync();
            }
        }
        catch (IOException)
        {
            // No space left on the device: what the test wanted.
        }
    }

    public async Task RepairAsync(string dataDir)
    {
        if (_mount is null)
        {
            await SqlAsync(dataDir, $"ALTER TABLE score_events DROP CONSTRAINT {Constraint}");
            return;
        }

        File.Delete(Filler);
    }

    public async ValueTask DisposeAsync()
    {
        if (_mount is not null)
        {
            await Shell.RunAsync("umount", "-l", _mount);
            Directory.Delete(_mount);
        }
        else
        {
            Directory.Delete(DataDir, recursive: true);
        }
    }

    private static async Task SqlAsync(string dataDir, string sql)
    {
        await using var connection = await DistributedBackend.OpenStoreAsync(dataDir);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
