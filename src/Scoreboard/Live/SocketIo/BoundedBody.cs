using System.Buffers;
using System.Text;

namespace Scoreboard.Live.SocketIo;

/// <summary>A request body read whole only when it is at most a limit, however it is framed (chunked or not).</summary>
internal static class BoundedBody
{
    /// <summary>The body as UTF-8 text; null as soon as it passes <paramref name="limit"/> bytes (the rest is not read).</summary>
    public static async Task<string?> ReadAsync(Stream body, int limit, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(limit + 1);
        try
        {
            var length = 0;
            int read;
            while ((read = await body.ReadAsync(buffer.AsMemory(length, limit + 1 - length), cancellationToken)) > 0)
            {
                length += read;
                if (length > limit)
                {
                    return null;
                }
            }

            return Encoding.UTF8.GetString(buffer, 0, length);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
