using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Scoreboard.Replies;

namespace Scoreboard.Dialects;

/// <summary>
/// Checks a JSON body before it is bound to its request type. A key may appear once per object (otherwise the last
/// would silently win, and two readers of one body could disagree on what it says). A field that would change who is
/// credited or by how much is refused unless the request type has it: a client that sends <c>points</c> where the
/// points come from the catalog must learn that it did not set them. Any other unknown field is ignored.
/// </summary>
internal static class BodyFields
{
    private const int MaxNameInMessage = 64;

    // Every name a seed document gives a credit's user or amount; key names match case-insensitively, as binding does.
    private static readonly string[] CreditShaping = ["userId", "user_id", "points", "score", "scoreIncrement", "delta", "source", "newScore", "value", "metadata"];

    /// <summary>The first problem with the body's keys, or null; malformed JSON is left for the deserializer to word.</summary>
    public static (Failure Failure, string Message, string Field)? Check(ReadOnlySpan<byte> json, JsonTypeInfo typeInfo)
    {
        var own = typeInfo.Kind == JsonTypeInfoKind.Object ? typeInfo.Properties.Select(p => p.Name).ToArray() : [];
        var reader = new Utf8JsonReader(json);
        var objects = new Stack<HashSet<string>>();
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject:
                        objects.Push(new HashSet<string>(StringComparer.OrdinalIgnoreCase));
                        break;
                    case JsonTokenType.EndObject:
                        objects.Pop();
                        break;
                    case JsonTokenType.PropertyName:
                        var name = reader.GetString()!;
                        var shown = name.Length > MaxNameInMessage ? name[..MaxNameInMessage] : name;
                        if (!objects.Peek().Add(name))
                        {
                            return (Failure.InvalidRequest, $"The key '{shown}' appears more than once in one object.", shown);
                        }

                        if (objects.Count == 1 && IsIn(CreditShaping, name) && !IsIn(own, name))
                        {
                            return (Failure.FieldNotAllowed, $"'{shown}' is not a field of this request: the server decides who is credited and by how much.", shown);
                        }

                        break;
                }
            }
        }
        catch (JsonException)
        {
            return null;
        }

        return null;
    }

    private static bool IsIn(string[] names, string name) => names.Contains(name, StringComparer.OrdinalIgnoreCase);
}
