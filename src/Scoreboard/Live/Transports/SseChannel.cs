using System.Globalization;
using System.Text;
using Microsoft.Extensions.Options;

namespace Scoreboard.Live.Transports;

/// <summary>
/// Server-Sent Events channels (001, 003). Each event has an <c>id:</c> (the board's sequence number); a client
/// reconnecting with <c>Last-Event-ID</c> equal to the current board is not sent it again, any other gets it at once.
/// </summary>
internal static class SseChannel
{
    public const string LastEventIdHeader = "Last-Event-ID";

    private static readonly byte[] Heartbeat = Encoding.ASCII.GetBytes(": heartbeat\n\n");
    private static readonly IReadOnlyList<byte[]> HeartbeatFrames = [Heartbeat];
    private static readonly byte[] Preamble = Encoding.ASCII.GetBytes("retry: 2000\n: connected\n\n");

    public static async Task RunAsync(HttpContext context, WireFormat format)
    {
        if (await LiveConnections.JoinAsync(context, format) is not { } subscriber)
        {
            return;
        }

        var hub = context.RequestServices.GetRequiredService<LiveHub>();
        var options = context.RequestServices.GetRequiredService<IOptions<LiveOptions>>().Value;
        var timeout = TimeSpan.FromSeconds(options.TimeoutSeconds);
        try
        {
            var response = context.Response;
            response.ContentType = "text/event-stream";
            response.Headers.CacheControl = "no-cache";
            response.Headers["X-Accel-Buffering"] = "no";
            if (LastEventId(context.Request) is { } seen)
            {
                subscriber.AssumeSent(seen);
            }

            subscriber.Activate();
            await WriteAsync(context, Preamble, timeout, subscriber);
            while (!context.RequestAborted.IsCancellationRequested)
            {
                // Heartbeats come from one shared timer (SseHeartbeats), so an idle stream holds no timer of its own.
                var frames = await subscriber.NextAsync(context.RequestAborted);
                frames = ReferenceEquals(frames, LiveSubscriber.HeartbeatDue) ? HeartbeatFrames : frames;
                if (frames.Count == 0)
                {
                    return;
                }

                foreach (var frame in frames)
                {
                    await WriteAsync(context, frame, timeout, subscriber);
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException)
        {
            // The client left, or stalled past the timeout and was cut off.
        }
        finally
        {
            hub.Leave(subscriber);
        }
    }

    /// <summary>Writes and flushes; a client that has not taken the bytes within <paramref name="timeout"/> is disconnected.</summary>
    private static async Task WriteAsync(HttpContext context, byte[] frame, TimeSpan timeout, LiveSubscriber subscriber)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        deadline.CancelAfter(timeout);
        try
        {
            await context.Response.Body.WriteAsync(frame, deadline.Token);
            await context.Response.Body.FlushAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            if (!context.RequestAborted.IsCancellationRequested)
            {
                subscriber.CutOff();
            }

            context.Abort();
            throw;
        }
    }

    /// <summary>The header, or a <c>lastEventId</c> query value for clients that cannot set headers.</summary>
    private static long? LastEventId(HttpRequest request)
    {
        var text = request.Headers[LastEventIdHeader].ToString() is { Length: > 0 } header ? header : request.Query["lastEventId"].ToString();
        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;
    }
}
