using System.Net;
using System.Net.Sockets;

namespace Scoreboard.Webhooks;

/// <summary>
/// Which addresses a delivery may connect to. The check runs on the address actually connected to (after DNS), so
/// a name that resolves to an inside address, or changes its answer after the subscription was made, is refused too.
/// </summary>
public static class WebhookTargets
{
    /// <summary>True for an address on the public internet: not loopback, private, link-local, shared, multicast or reserved.</summary>
    public static bool IsPublic(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return !(b[0] is 0 or 10 or 127 or >= 224
                || (b[0] == 100 && b[1] is >= 64 and < 128)   // shared address space (carrier-grade NAT)
                || (b[0] == 169 && b[1] == 254)               // link-local, where cloud metadata services answer
                || (b[0] == 172 && b[1] is >= 16 and < 32)
                || (b[0] == 192 && b[1] == 168)
                || (b[0] == 192 && b[1] == 0 && b[2] is 0 or 2)
                || (b[0] == 198 && b[1] is 18 or 19));
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return false;
        }

        var v6 = address.GetAddressBytes();
        return !(IPAddress.IsLoopback(address) || address.Equals(IPAddress.IPv6None) || address.IsIPv6LinkLocal || address.IsIPv6SiteLocal
            || address.IsIPv6Multicast || (v6[0] & 0xFE) == 0xFC || address.IsIPv6Teredo
            || (v6[0] == 0x00 && v6[1] == 0x64 && v6[2] == 0xFF && v6[3] == 0x9B)); // NAT64 can reach inside IPv4 addresses
    }

    /// <summary>False when the URL names a host that is never public (a literal inside address or localhost): refused at once.</summary>
    public static bool MayBePublic(Uri url) =>
        IPAddress.TryParse(url.IdnHost.Trim('[', ']'), out var literal) ? IsPublic(literal)
        : !url.IsLoopback && !url.IdnHost.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase);

    /// <summary>The handler every delivery goes through: no redirects, no proxy, and the address check at connect time.</summary>
    public static SocketsHttpHandler Handler(WebhookOptions options) => new()
    {
        AllowAutoRedirect = false,
        UseProxy = false,
        UseCookies = false,
        ConnectTimeout = TimeSpan.FromMilliseconds(options.TimeoutMs),
        PooledConnectionLifetime = TimeSpan.FromMinutes(2),
        MaxConnectionsPerServer = options.MaxConcurrency,
        ConnectCallback = async (context, cancellationToken) =>
        {
            var host = context.DnsEndPoint.Host;
            var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, cancellationToken);
            var allowed = addresses.Where(a => options.AllowPrivateTargets || IsPublic(a)).ToArray();
            if (allowed.Length == 0)
            {
                throw new HttpRequestException($"'{host}' resolves to no public address; deliveries to inside addresses are off (Scoreboard:Webhooks:AllowPrivateTargets).");
            }

            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(allowed, context.DnsEndPoint.Port, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    };
}
