using System.Text;

namespace Scoreboard.IntegrationTests.Metrics;

/// <summary>One span as OTLP carries it: only the fields the tests look at.</summary>
public sealed record OtlpSpan(string TraceId, string SpanId, string ParentSpanId, string Name, int Kind, IReadOnlyDictionary<string, string> Attributes)
{
    public const int ServerKind = 2;
}

/// <summary>
/// Decodes an OTLP <c>ExportTraceServiceRequest</c> (protobuf) by hand: request → resource_spans (1) → scope_spans (2)
/// → spans (2), and in a span trace_id (1), span_id (2), parent_span_id (4), name (5), kind (6), attributes (9).
/// Every other field is skipped by its wire type, so the reader does not depend on the rest of the schema.
/// </summary>
public static class OtlpSpans
{
    public static IEnumerable<OtlpSpan> Decode(byte[] request)
    {
        foreach (var resourceSpans in Fields(request, 1))
        {
            foreach (var scopeSpans in Fields(resourceSpans, 2))
            {
                foreach (var span in Fields(scopeSpans, 2))
                {
                    yield return Span(span);
                }
            }
        }
    }

    private static OtlpSpan Span(byte[] span)
    {
        string traceId = "", spanId = "", parent = "", name = "";
        var kind = 0;
        var attributes = new Dictionary<string, string>();
        var reader = new ProtoReader(span);
        while (reader.Next(out var field, out var wire))
        {
            switch (field, wire)
            {
                case (1, 2): traceId = Convert.ToHexStringLower(reader.Bytes()); break;
                case (2, 2): spanId = Convert.ToHexStringLower(reader.Bytes()); break;
                case (4, 2): parent = Convert.ToHexStringLower(reader.Bytes()); break;
                case (5, 2): name = Encoding.UTF8.GetString(reader.Bytes()); break;
                case (6, 0): kind = (int)reader.Varint(); break;
                case (9, 2):
                    var (key, value) = Attribute(reader.Bytes());
                    attributes[key] = value;
                    break;
                default: reader.Skip(wire); break;
            }
        }

        return new OtlpSpan(traceId, spanId, parent, name, kind, attributes);
    }

    // KeyValue { key = 1; AnyValue value = 2 }, AnyValue { string_value = 1; bool_value = 2; int_value = 3; ... }.
    private static (string Key, string Value) Attribute(byte[] keyValue)
    {
        var (key, value) = ("", "");
        var reader = new ProtoReader(keyValue);
        while (reader.Next(out var field, out var wire))
        {
            if (field == 1 && wire == 2)
            {
                key = Encoding.UTF8.GetString(reader.Bytes());
            }
            else if (field == 2 && wire == 2)
            {
                var any = new ProtoReader(reader.Bytes());
                while (any.Next(out var anyField, out var anyWire))
                {
                    value = (anyField, anyWire) switch
                    {
                        (1, 2) => Encoding.UTF8.GetString(any.Bytes()),
                        (2 or 3, 0) => any.Varint().ToString(System.Globalization.CultureInfo.InvariantCulture),
                        _ => Skipped(any, anyWire),
                    };
                }
            }
            else
            {
                reader.Skip(wire);
            }
        }

        return (key, value);
    }

    private static string Skipped(ProtoReader reader, int wire)
    {
        reader.Skip(wire);
        return "";
    }

    private static IEnumerable<byte[]> Fields(byte[] message, int wanted)
    {
        var reader = new ProtoReader(message);
        var found = new List<byte[]>();
        while (reader.Next(out var field, out var wire))
        {
            if (field == wanted && wire == 2)
            {
                found.Add(reader.Bytes());
            }
            else
            {
                reader.Skip(wire);
            }
        }

        return found;
    }

    /// <summary>The protobuf wire format: varints, fixed 32/64-bit values and length-delimited bytes.</summary>
    private sealed class ProtoReader(byte[] data)
    {
        private int _position;

        public bool Next(out int field, out int wire)
        {
            if (_position >= data.Length)
            {
                (field, wire) = (0, 0);
                return false;
            }

            var tag = Varint();
            (field, wire) = ((int)(tag >> 3), (int)(tag & 7));
            return true;
        }

        public ulong Varint()
        {
            ulong value = 0;
            for (var shift = 0; shift < 64; shift += 7)
            {
                var b = data[_position++];
                value |= (ulong)(b & 0x7F) << shift;
                if ((b & 0x80) == 0)
                {
                    return value;
                }
            }

            throw new InvalidDataException("A varint longer than 10 bytes.");
        }

        public byte[] Bytes()
        {
            var length = checked((int)Varint());
            var bytes = data.AsSpan(_position, length).ToArray();
            _position += length;
            return bytes;
        }

        public void Skip(int wire)
        {
            // The length (or the varint itself) is read first: it moves the position.
            var length = wire switch
            {
                0 => SkipVarint(),
                1 => 8,
                2 => checked((int)Varint()),
                5 => 4,
                _ => throw new InvalidDataException($"Wire type {wire} is not used by OTLP."),
            };
            _position += length;
        }

        private int SkipVarint()
        {
            Varint();
            return 0;
        }
    }
}
