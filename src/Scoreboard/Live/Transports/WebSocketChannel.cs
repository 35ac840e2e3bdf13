using System.Buffers;
using System.Net.WebSockets;
using Microsoft.Extensions.Options;

namespace Scoreboard.Live.Transports;

/// <summary>Plain WebSocket channels (000, 003, 004): board frames out, inbound messages read only to notice closes.</summary>
internal static class WebSocketChannel
{
    private const int MaxInboundBytes = 4096;

    public static async Task RunAsync(HttpContext context, WireFormat format)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            await LiveConnections.RefuseAsync(context, 400, "INVALID_REQUEST", "This path takes WebSocket connections only.");
            return;
        }

        if (await LiveConnections.JoinAsync(context, format) is not { } subscriber)
        {
            return;
        }

        var hub = context.RequestServices.GetRequiredService<LiveHub>();
        var options = context.RequestServices.GetRequiredService<IOptions<LiveOptions>>().Value;
        try
        {
            using var socket = await context.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext
            {
                // Pings keep proxies from closing idle connections; a peer that stops answering them is reaped.
                KeepAliveInterval = TimeSpan.FromSeconds(options.HeartbeatSeconds),
                KeepAliveTimeout = TimeSpan.FromSeconds(options.TimeoutSeconds),
            });
            subscriber.Activate();
            // No linked cancellation source per connection: the reader ends the sender by completing the subscriber,
            // and the sender ends the reader by aborting the socket.
            var receiving = DiscardInboundAsync(socket, subscriber);
            try
            {
                await SendAsync(socket, subscriber, TimeSpan.FromSeconds(options.TimeoutSeconds), context.RequestAborted);
            }
            finally
            {
                socket.Abort();
                await receiving;
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException)
        {
            // The peer went away or was reaped; nothing to answer.
        }
        finally
        {
            hub.Leave(subscriber);
        }
    }

    /// <summary>Sends until the connection ends. A send blocked longer than <paramref name="timeout"/> aborts the socket.</summary>
    public static async Task SendAsync(WebSocket socket, LiveSubscriber subscriber, TimeSpan timeout, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var frames = await subscriber.NextAsync(cancellationToken);
            if (frames.Count == 0)
            {
                await CloseQuietlyAsync(socket);
                return;
            }

            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(timeout);
            using var slow = deadline.Token.Register(() => { if (!cancellationToken.IsCancellationRequested) subscriber.CutOff(); });
            foreach (var frame in frames)
            {
                await socket.SendAsync(frame, WebSocketMessageType.Text, endOfMessage: true, deadline.Token);
            }
        }
    }

    private static async Task DiscardInboundAsync(WebSocket socket, LiveSubscriber subscriber)
    {
        try
        {
            while (true)
            {
                // A zero-byte receive waits for the next frame without holding a buffer: an idle connection keeps none.
                var received = await socket.ReceiveAsync(Memory<byte>.Empty, CancellationToken.None);
                if (received.MessageType != WebSocketMessageType.Close && !received.EndOfMessage)
                {
                    var buffer = ArrayPool<byte>.Shared.Rent(MaxInboundBytes);
                    try
                    {
                        received = await socket.ReceiveAsync(buffer.AsMemory(0, MaxInboundBytes), CancellationToken.None);
                    }
                    finally
                    {
                        ArrayPool<byte>.Shared.Return(buffer);
                    }
                }

                if (received.MessageType == WebSocketMessageType.Close)
                {
                    await CloseQuietlyAsync(socket);
                    return;
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException)
        {
        }
        finally
        {
            subscriber.Complete();
        }
    }

    private static async Task CloseQuietlyAsync(WebSocket socket)
    {
        if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
        {
            using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            try
            {
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, limit.Token);
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException)
            {
            }
        }
    }
}
