using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Scoreboard.Replies;

/// <summary>Writes instants as the seeds show them: UTC, milliseconds, <c>Z</c> (<c>2025-12-15T12:34:56.000Z</c>).</summary>
public sealed class UtcTimestampConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.GetDateTimeOffset();

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
}
