using System.Globalization;
using Microsoft.Extensions.Options;

namespace Scoreboard.Live.Transports;

/// <summary>
/// Warns at start-up when <see cref="LiveOptions.MaxConnections"/> is more than the process may open files: each live
/// connection is a socket, so past that limit connections fail at accept, not with the cap's clear 503.
/// </summary>
internal sealed partial class FileLimitWarning(IOptions<LiveOptions> options, ILogger<FileLimitWarning> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (OpenFileLimit() is { } limit && options.Value.MaxConnections > limit)
        {
            MaxConnectionsOverFileLimit(logger, options.Value.MaxConnections, limit);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>The soft limit on open files (<c>ulimit -n</c>) from /proc/self/limits; null where there is none or no such file.</summary>
    internal static long? OpenFileLimit()
    {
        const string path = "/proc/self/limits";
        var line = File.Exists(path) ? File.ReadLines(path).FirstOrDefault(l => l.StartsWith("Max open files", StringComparison.Ordinal)) : null;
        var soft = line?["Max open files".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
        return long.TryParse(soft, NumberStyles.None, CultureInfo.InvariantCulture, out var limit) ? limit : null;
    }

    [LoggerMessage(110, LogLevel.Warning,
        "Scoreboard:Live:MaxConnections is {MaxConnections}, but this process may open only {Limit} files (ulimit -n): one instance holds fewer live connections than that; raise the limit or lower the cap")]
    private static partial void MaxConnectionsOverFileLimit(ILogger logger, int maxConnections, long limit);
}
