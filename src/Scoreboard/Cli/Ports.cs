using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace Scoreboard.Cli;

/// <summary>A busy port is one line, not the host's stack trace: checked before the store is touched, and again if Kestrel loses a race.</summary>
public static partial class Ports
{
    public static string InUse(int port) => $"port {port} is in use; set PORT (or --urls) to a free port.";

    /// <summary>Throws <see cref="CommandRefusedException"/> when a fixed port the server would listen on is taken.</summary>
    public static void EnsureFree(string? urls)
    {
        foreach (var url in (urls ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (UrlPort().Match(url) is not { Success: true } match)
            {
                continue;
            }

            var port = int.Parse(match.Groups["port"].Value, System.Globalization.CultureInfo.InvariantCulture);
            var host = match.Groups["host"].Value;
            var address = IPAddress.TryParse(host, out var ip) ? ip
                : host is "+" or "*" ? IPAddress.Any
                : IPAddress.Loopback;
            if (port is > 0 and <= 65535 && IsTaken(address, port))
            {
                throw new CommandRefusedException(InUse(port));
            }
        }
    }

    /// <summary>The port in Kestrel's "Failed to bind to address http://host:port" message.</summary>
    public static int FromBindError(string message) =>
        BindError().Match(message) is { Success: true } m ? int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : 0;

    private static bool IsTaken(IPAddress address, int port)
    {
        try
        {
            using var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            socket.Bind(new IPEndPoint(address, port));
            return false;
        }
        catch (SocketException ex)
        {
            // Anything else (no such address, a privileged port) is left for Kestrel to report as it does.
            return ex.SocketErrorCode == SocketError.AddressAlreadyInUse;
        }
    }

    [GeneratedRegex(@"^https?://(?<host>\[[^\]]+\]|[^:/]+):(?<port>\d+)", RegexOptions.IgnoreCase)]
    private static partial Regex UrlPort();

    [GeneratedRegex(@"address \S+:(\d+)")]
    private static partial Regex BindError();
}
