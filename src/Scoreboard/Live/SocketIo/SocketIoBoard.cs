using System.Text.Json;
using Scoreboard.Reads;
using Scoreboard.Storage;

namespace Scoreboard.Live.SocketIo;

/// <summary>
/// A Socket.IO connection watches one board: named by the handshake's query (<c>?board=&amp;period=</c>), or by
/// CONNECT's auth (<c>{ board, period }</c>), which wins when both name one.
/// </summary>
internal static class SocketIoBoard
{
    /// <summary>Moves the connection to the board its auth names; the refusal's code and message when it names a bad one.</summary>
    public static string? Choose(string data, LiveSubscriber subscriber, EngineIoSessions sessions)
    {
        var (board, period) = Named(data);
        if (board is null && period is null)
        {
            return null;
        }

        var services = sessions.Services;
        var selection = BoardQuery.Resolve(board ?? subscriber.View.Key.BoardId, period, services.GetRequiredService<BoardRegistry>().Current,
            services.GetRequiredService<TimeProvider>().GetUtcNow());
        if (selection.Status != 0)
        {
            return $"{selection.Code}: {selection.Message}";
        }

        sessions.Hub.Move(subscriber, selection.View);
        return null;
    }

    /// <summary>auth's <c>board</c> and <c>period</c> (strings), or no board when it names none.</summary>
    private static (string? Board, string? Period) Named(string data)
    {
        if (data.Length == 0)
        {
            return (null, null);
        }

        try
        {
            using var json = JsonDocument.Parse(data);
            var root = json.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return (null, null);
            }

            var period = root.TryGetProperty(BoardQuery.PeriodParameter, out var p) && p.ValueKind == JsonValueKind.String ? p.GetString() : null;
            var board = root.TryGetProperty(BoardQuery.BoardParameter, out var b) && b.ValueKind == JsonValueKind.String ? b.GetString() : null;
            return (board, period is { Length: 0 } ? null : period);
        }
        catch (JsonException)
        {
            return (null, null);
        }
    }
}
