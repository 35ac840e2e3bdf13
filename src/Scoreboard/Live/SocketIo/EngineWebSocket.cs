using System.Net.WebSockets;
using System.Text;

namespace Scoreboard.Live.SocketIo;

/// <summary>An Engine.IO session carried by a WebSocket: one packet per message, one sender, one reader.</summary>
internal sealed class EngineWebSocket(WebSocket socket, EngineIoSession session, EngineIoSessions sessions)
{
    private const int MaxMessageBytes = 64 * 1024;

    // Client packets are small (pongs, a CONNECT with a token), and this buffer is held for the connection's life:
    // it grows for a larger message, up to the limit, and shrinks back after it.
    private const int UsualMessageBytes = 2 * 1024;
    private byte[] _buffer = new byte[UsualMessageBytes];

    public Task SendTextAsync(string text, CancellationToken cancellationToken) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, cancellationToken);

    /// <summary>
    /// The upgrade from long-polling: answer the client's <c>2probe</c> with <c>3probe</c>, release any waiting
    /// poll with a noop so the client can pause polling, then take over when the client sends <c>5</c>.
    /// The client pauses polling meanwhile, so the probe counts as its poll, for at most <see cref="EngineIoSession.PollWindow"/>.
    /// </summary>
    public async Task<bool> UpgradeAsync(CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(EngineIoSession.PollWindow);
        session.PollStarted();
        try
        {
            if (await ReceiveAsync(deadline.Token) != "2probe")
            {
                return false;
            }

            await SendTextAsync("3probe", deadline.Token);
            return SocketIoPackets.Send(EnginePackets.Noop, session, sessions)
                && await ReceiveAsync(deadline.Token) == "5" && session.TryUpgrade();
        }
        finally
        {
            session.PollEnded(DateTimeOffset.UtcNow);
        }
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var closed = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var reading = ReadAsync(closed);
        try
        {
            while (!closed.IsCancellationRequested)
            {
                var frames = await session.Subscriber.NextAsync(closed.Token);
                if (frames.Count == 0)
                {
                    return;
                }

                using var deadline = CancellationTokenSource.CreateLinkedTokenSource(closed.Token);
                deadline.CancelAfter(sessions.PingTimeout);
                using var slow = deadline.Token.Register(() => { if (!closed.IsCancellationRequested) session.Subscriber.CutOff(); });
                foreach (var frame in frames)
                {
                    await socket.SendAsync(frame, WebSocketMessageType.Text, true, deadline.Token);
                }
            }
        }
        finally
        {
            await closed.CancelAsync();
            await reading;
        }
    }

    private async Task ReadAsync(CancellationTokenSource closed)
    {
        try
        {
            while (await ReceiveAsync(closed.Token) is { Length: > 0 } packet
                && await SocketIoPackets.HandleAsync(packet, session, sessions, closed.Token))
            {
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException)
        {
        }
        finally
        {
            sessions.Close(session);
            await closed.CancelAsync();
        }
    }

    /// <summary>The next text message; null when the socket closed or sent something too large.</summary>
    private async Task<string?> ReceiveAsync(CancellationToken cancellationToken)
    {
        var length = 0;
        while (true)
        {
            var result = await socket.ReceiveAsync(_buffer.AsMemory(length), cancellationToken);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return null;
            }

            length += result.Count;
            if (result.EndOfMessage)
            {
                var text = Encoding.UTF8.GetString(_buffer, 0, length);
                if (_buffer.Length > UsualMessageBytes)
                {
                    _buffer = new byte[UsualMessageBytes];
                }

                return text;
            }

            if (length == MaxMessageBytes)
            {
                return null;
            }

            if (length == _buffer.Length)
            {
                Array.Resize(ref _buffer, Math.Min(_buffer.Length * 4, MaxMessageBytes));
            }
        }
    }
}
