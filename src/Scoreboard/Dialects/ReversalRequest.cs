using Scoreboard.Replies;
using Scoreboard.Storage;

namespace Scoreboard.Dialects;

/// <summary>
/// The optional body of <c>POST /api/v1/admin/users/{userId}/reverse</c>: <c>eventIds</c> (chosen ledger events) or
/// <c>since</c> (every credit committed at or after that UTC time). No body, or neither field, reverses every credit.
/// </summary>
public sealed record ReversalRequest(IReadOnlyList<long>? EventIds, DateTimeOffset? Since)
{
    /// <summary>What to reverse, or why the body is refused (in the admin envelope).</summary>
    public static async Task<(ReversalChoice? Choice, IResult? Refusal)> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        // Older scripts post nothing at all: that has always meant every credit.
        if (!request.HasJsonContentType() && request.ContentLength is null or 0)
        {
            return (ReversalChoice.All, null);
        }

        var body = await JsonBody.ReadAsync(request, AdminConsoleJson.Default.ReversalRequest, cancellationToken);
        if (body.Value is not { } value)
        {
            return (null, ApiErrors.Result(Dialect.Seed002, body.Failure!.Value, body.Message, body.Field is { } f ? new() { ["field"] = f } : null));
        }

        if ((value.EventIds is { } ids && (ids.Count is 0 or > ReversalChoice.MaxEventIds || value.Since is not null)))
        {
            return (null, ApiErrors.Result(Dialect.Seed002, Failure.InvalidRequest,
                $"Give 'eventIds' (1–{ReversalChoice.MaxEventIds} ledger event ids) or 'since' (a UTC time), not both.", new() { ["field"] = "eventIds" }));
        }

        return (new ReversalChoice(value.EventIds, value.Since?.ToUniversalTime()), null);
    }
}
