using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Options;
using Scoreboard.Replies;

namespace Scoreboard.Dialects;

/// <summary>Limits on request bodies.</summary>
public sealed class ApiOptions
{
    public const string Section = "Scoreboard:Api";

    /// <summary>Largest JSON body accepted, in bytes; larger bodies get 413.</summary>
    public int MaxBodyBytes { get; set; } = 16 * 1024;

    /// <summary>The catalog type seed 004's increments credit (004: "a fixed configurable delta per action").</summary>
    public string IncrementActionType { get; set; } = "ACTION_COMPLETED";
}

/// <summary>The outcome of reading a JSON body: a value, or why there is none.</summary>
/// <param name="Field">The field the failure is about, when it is about one.</param>
public readonly record struct BodyRead<T>(T? Value, Failure? Failure, string Message, string? Field = null)
    where T : class;

/// <summary>
/// Reads request bodies with a size bound, a content type check and precise messages, so every dialect
/// answers malformed input in its own error shape rather than the framework's.
/// </summary>
public static class JsonBody
{
    public static async Task<BodyRead<T>> ReadAsync<T>(HttpRequest request, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
        where T : class
    {
        var maxBytes = request.HttpContext.RequestServices.GetRequiredService<IOptions<ApiOptions>>().Value.MaxBodyBytes;
        if (!request.HasJsonContentType())
        {
            return new(null, Failure.UnsupportedMediaType, "The body must be JSON (Content-Type: application/json).");
        }

        if (request.ContentLength > maxBytes)
        {
            return TooLarge<T>(maxBytes);
        }

        var buffer = new MemoryStream();
        var chunk = new byte[4096];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                return TooLarge<T>(maxBytes);
            }

            buffer.Write(chunk, 0, read);
        }

        var json = buffer.GetBuffer().AsSpan(0, (int)buffer.Length);
        if (BodyFields.Check(json, typeInfo) is { } problem)
        {
            return new(null, problem.Failure, problem.Message, problem.Field);
        }

        try
        {
            var value = JsonSerializer.Deserialize(json, typeInfo);
            return value is null
                ? new(null, Failure.InvalidRequest, "The body must be a JSON object.")
                : new(value, null, "");
        }
        catch (JsonException ex)
        {
            var where = string.IsNullOrEmpty(ex.Path) ? "" : $" at {ex.Path}";
            return new(null, Failure.InvalidRequest, $"The body is not valid JSON for this request{where}: check the syntax and the field types.");
        }
    }

    /// <summary>The refusal of a body <c>userId</c> that is not the token's own subject.</summary>
    public const string OtherUserMessage = "A user token credits only its own user: leave out 'userId' or send your own.";

    private static BodyRead<T> TooLarge<T>(int maxBytes)
        where T : class => new(null, Failure.PayloadTooLarge, $"The body is larger than {maxBytes} bytes.");
}
