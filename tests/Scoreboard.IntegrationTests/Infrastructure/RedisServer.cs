using System.Diagnostics;
using StackExchange.Redis;

namespace Scoreboard.IntegrationTests.Infrastructure;

/// <summary>A real redis-server on a free loopback port, without persistence, killed on dispose.</summary>
public sealed class RedisServer : IAsyncDisposable
{
    private readonly string[] _arguments;
    private Process? _process;

    private RedisServer(int port, string[] arguments)
    {
        (Port, _arguments) = (port, arguments);
    }

    public int Port { get; }

    public string ConnectionString => $"127.0.0.1:{Port}";

    public static Task<RedisServer> StartAsync() => StartAsync(FreePort.Next());

    /// <summary>Starts redis-server on <paramref name="port"/> with further <paramref name="arguments"/> (a cluster node's).</summary>
    public static async Task<RedisServer> StartAsync(int port, params string[] arguments)
    {
        var server = new RedisServer(port, arguments);
        await server.StartAgainAsync();
        return server;
    }

    /// <summary>Starts redis-server (again, after <see cref="Kill"/>) on the same port, empty.</summary>
    public async Task StartAgainAsync()
    {
        var start = new ProcessStartInfo("redis-server") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in (string[])["--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--protected-mode", "no", .. _arguments])
        {
            start.ArgumentList.Add(arg);
        }

        try
        {
            _process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException("redis-server is not installed: run `bash scripts/test.sh`, which installs it.", ex);
        }

        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await using var probe = await ConnectionMultiplexer.ConnectAsync(ConnectionString);
                await probe.GetDatabase().PingAsync();
                return;
            }
            catch (RedisConnectionException) when (attempt < 100 && !_process.HasExited)
            {
                await Task.Delay(100);
            }
        }
    }

    /// <summary>The server's process id while it runs.</summary>
    public int? ProcessId => _process is { HasExited: false } process ? process.Id : null;

    /// <summary>kill -9: the data, kept only in memory, is gone.</summary>
    public void Kill()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill();
            _process.WaitForExit();
        }
    }

    /// <summary>Sends a signal (STOP, CONT…) to the running server.</summary>
    public Task SignalAsync(string signal) =>
        Shell.RunAsync("kill", $"-{signal}", (ProcessId ?? throw new InvalidOperationException("redis-server is not running.")).ToString(System.Globalization.CultureInfo.InvariantCulture));

    public ValueTask DisposeAsync()
    {
        Kill();
        _process?.Dispose();
        return ValueTask.CompletedTask;
    }
}
