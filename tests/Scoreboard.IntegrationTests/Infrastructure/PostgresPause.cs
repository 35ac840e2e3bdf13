using System.Globalization;
using Npgsql;

namespace Scoreboard.IntegrationTests.Infrastructure;

/// <summary>
/// SIGSTOP of a whole PostgreSQL server (the postmaster and every process it forked), as a hung host or a long GC-like
/// stall looks to its clients: connections stay open and nothing answers. Disposing sends SIGCONT.
/// </summary>
public sealed class PostgresPause : IAsyncDisposable
{
    private readonly List<int> _pids;
    private bool _resumed;

    private PostgresPause(List<int> pids) => _pids = pids;

    /// <summary>Pauses the server behind <paramref name="connectionString"/>; the postmaster first, so it forks nothing more.</summary>
    public static async Task<PostgresPause> StartAsync(string connectionString)
    {
        int backend;
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("SELECT pg_backend_pid()", connection);
            backend = (int)(await command.ExecuteScalarAsync())!;
        }

        var postmaster = ParentOf(backend);
        await Shell.RunAsync("kill", "-STOP", postmaster.ToString(CultureInfo.InvariantCulture));
        var children = Directory.GetDirectories("/proc")
            .Select(Path.GetFileName)
            .Select(name => int.TryParse(name, out var pid) ? pid : 0)
            .Where(pid => pid > 0 && ParentOf(pid) == postmaster)
            .ToList();
        foreach (var child in children)
        {
            await Shell.RunAsync("kill", "-STOP", child.ToString(CultureInfo.InvariantCulture));
        }

        return new PostgresPause([postmaster, .. children]);
    }

    public async Task ResumeAsync()
    {
        if (_resumed)
        {
            return;
        }

        _resumed = true;
        foreach (var pid in Enumerable.Reverse(_pids))
        {
            try
            {
                await Shell.RunAsync("kill", "-CONT", pid.ToString(CultureInfo.InvariantCulture));
            }
            catch (InvalidOperationException)
            {
                // A backend that was ended meanwhile.
            }
        }
    }

    public async ValueTask DisposeAsync() => await ResumeAsync();

    private static int ParentOf(int pid)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("PPid:", StringComparison.Ordinal));
            return line is null ? 0 : int.Parse(line["PPid:".Length..].Trim(), CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return 0;
        }
    }
}
