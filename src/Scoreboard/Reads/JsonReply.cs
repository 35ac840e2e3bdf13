using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Options;

namespace Scoreboard.Reads;

/// <summary>
/// A 200 JSON reply serialized in one piece before it is sent: the bytes <c>TypedResults.Ok</c> writes (the same HTTP
/// JSON options and source-generated metadata), but with a <c>Content-Length</c> instead of chunks, so a small read
/// leaves in one write. The bytes are built in a buffer the thread keeps, so a read allocates no body buffer.
/// </summary>
public sealed class JsonReply<T>(T value) : IResult
{
    public Task ExecuteAsync(HttpContext context)
    {
        var options = context.RequestServices.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
        var buffer = JsonReplyBuffer.Rent(options);
        try
        {
            JsonSerializer.Serialize(buffer.Writer, value, (JsonTypeInfo<T>)options.GetTypeInfo(typeof(T)));
            var response = context.Response;
            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = "application/json; charset=utf-8";
            response.ContentLength = buffer.Bytes.WrittenCount;
            // Copied into the response's own buffer here, so this thread's buffer is free again before any await.
            response.BodyWriter.Write(buffer.Bytes.WrittenSpan);
        }
        finally
        {
            JsonReplyBuffer.Return(buffer);
        }

        return context.Response.BodyWriter.FlushAsync(context.RequestAborted).AsTask();
    }
}

/// <summary>The JSON reply helpers' per-thread writer and buffer.</summary>
public static class JsonReply
{
    public static JsonReply<T> Ok<T>(T value) => new(value);
}

/// <summary>One serialization buffer per thread, dropped when a reply made it larger than <see cref="MaxKeptBytes"/>.</summary>
internal sealed class JsonReplyBuffer
{
    private const int MaxKeptBytes = 64 * 1024;

    [ThreadStatic]
    private static JsonReplyBuffer? t_kept;

    private JsonReplyBuffer(JsonSerializerOptions options)
    {
        Options = options;
        Writer = new Utf8JsonWriter(Bytes, new JsonWriterOptions
        {
            // The writer's settings win over the serializer's: take the HTTP options' escaping, indentation and depth.
            Encoder = options.Encoder, Indented = options.WriteIndented, MaxDepth = options.MaxDepth,
        });
    }

    public ArrayBufferWriter<byte> Bytes { get; } = new(512);

    public Utf8JsonWriter Writer { get; }

    private JsonSerializerOptions Options { get; }

    public static JsonReplyBuffer Rent(JsonSerializerOptions options)
    {
        var kept = t_kept;
        t_kept = null;
        if (kept is null || !ReferenceEquals(kept.Options, options))
        {
            return new JsonReplyBuffer(options);
        }

        kept.Bytes.ResetWrittenCount();
        kept.Writer.Reset(kept.Bytes);
        return kept;
    }

    public static void Return(JsonReplyBuffer buffer)
    {
        if (buffer.Bytes.Capacity <= MaxKeptBytes)
        {
            t_kept = buffer;
        }
    }
}
