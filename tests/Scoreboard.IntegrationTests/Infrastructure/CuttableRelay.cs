using System.Net;
using System.Net.Sockets;

namespace Scoreboard.IntegrationTests.Infrastructure;

/// <summary>
/// A loopback TCP relay in front of a server (here PostgreSQL) whose open connections the test can cut at once, as a
/// network failure would, while the server itself keeps running and finishes what it was sent.
/// </summary>
public sealed class CuttableRelay : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly string _host;
    private readonly int _port;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<TcpClient> _open = [];
    private readonly Task _accepting;

    public CuttableRelay(string host, int port)
    {
        (_host, _port) = (host, port);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _accepting = AcceptAsync();
    }

    public int Port { get; }

    /// <summary>Closes every connection open now; new ones are relayed as before.</summary>
    public void CutAll()
    {
        lock (_open)
        {
            _open.ForEach(c => c.Close());
            _open.Clear();
        }
    }

    private async Task AcceptAsync()
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                _ = RelayAsync(client);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
    }

    private async Task RelayAsync(TcpClient client)
    {
        var upstream = new TcpClient();
        try
        {
            await upstream.ConnectAsync(_host, _port, _stop.Token);
            lock (_open)
            {
                _open.Add(client);
                _open.Add(upstream);
            }

            await Task.WhenAny(client.GetStream().CopyToAsync(upstream.GetStream(), _stop.Token),
                upstream.GetStream().CopyToAsync(client.GetStream(), _stop.Token));
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException or InvalidOperationException)
        {
        }
        finally
        {
            client.Close();
            upstream.Close();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        CutAll();
        await _accepting;
        _stop.Dispose();
    }
}
