using System.Text;
using System.Text.Json;
using Scoreboard.Replies;
using Scoreboard.Scoring;
using Scoreboard.Security;

namespace Scoreboard.Dialects;

/// <summary>Seed 004's optional increment fields for boards: <c>actionType</c>, <c>value</c> and <c>metadata</c>.</summary>
internal static class IncrementChecks
{
    public const int MaxMetadataBytes = 1_024;

    public static (Failure Failure, string Message, string? Field)? Refusal(IncrementRequest request, string actionType, ServiceKey key, ActionCatalog catalog)
    {
        if (request.ActionType is not null && !Ids.IsValidActionType(request.ActionType))
        {
            return (Failure.InvalidRequest, $"'actionType' is 1–{Ids.MaxActionTypeLength} letters, digits and _ - . : @.", "actionType");
        }

        if (!key.Allows(actionType))
        {
            return (Failure.Forbidden, $"Service key '{key.Name}' may not credit '{actionType}'.", null);
        }

        if (catalog.Find(actionType) is not { } rule)
        {
            return (Failure.UnknownActionType, $"'{actionType}' is not an action type of the catalog.", "actionType");
        }

        if (request.Value is { } value && (rule.MaxPoints is not { } max || value < 1 || value > max))
        {
            return (Failure.PointsOutOfRange, rule.MaxPoints is { } most
                ? $"'value' must be a whole number from 1 to {most} for '{actionType}'."
                : $"'{actionType}' is worth fixed points: leave out 'value'.", "value");
        }

        if (request.Metadata is { } metadata && (metadata.ValueKind != JsonValueKind.Object || Encoding.UTF8.GetByteCount(metadata.GetRawText()) > MaxMetadataBytes))
        {
            return (Failure.InvalidRequest, $"'metadata' is a JSON object of at most {MaxMetadataBytes} UTF-8 bytes.", "metadata");
        }

        return null;
    }

    /// <summary>The metadata as stored: compact JSON text, or null to leave the stored one as it is.</summary>
    public static string? Metadata(IncrementRequest request) =>
        request.Metadata is { ValueKind: JsonValueKind.Object } metadata ? JsonSerializer.Serialize(metadata, Seed004Json.Default.JsonElement) : null;
}
