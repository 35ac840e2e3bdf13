using System.Net;

namespace Scoreboard.Live;

/// <summary>The address a live connection counts against for its share of the connection cap.</summary>
public static class ClientAddress
{
    /// <summary>
    /// IPv4 as written (an IPv4-mapped IPv6 address is the IPv4 one); IPv6 by its /64, since one subscriber is
    /// routinely given a whole /64 and could otherwise take a fresh address for every connection.
    /// </summary>
    public static string Of(IPAddress? address)
    {
        if (address is null)
        {
            return "unknown";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }
}
