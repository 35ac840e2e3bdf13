using System.Net;
using System.Net.Sockets;

namespace Scoreboard.IntegrationTests.Infrastructure;

/// <summary>Clients that connect from another loopback address (Linux routes all of 127.0.0.0/8 to lo), as users on other networks would.</summary>
public static class FromAddress
{
    public static HttpClient Client(ScoreboardServer server, string address)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    socket.Bind(new IPEndPoint(IPAddress.Parse(address), 0));
                    await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        return new HttpClient(handler) { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }
}
