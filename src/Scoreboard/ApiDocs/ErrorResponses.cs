using System.Text.Json;
using Microsoft.OpenApi;
using Scoreboard.Replies;

namespace Scoreboard.ApiDocs;

/// <summary>
/// Error responses per status, in the endpoint's dialect envelope, one example per code: those the endpoint declares
/// plus those its authorization and request body imply, so a new endpoint is described without listing them.
/// </summary>
internal static class ErrorResponses
{
    public static async Task AddAsync(OpenApiOperation operation, EndpointFacts facts, DocumentSchemas schemas, CancellationToken cancellationToken)
    {
        var cases = Cases(facts).DistinctBy(c => (c.Status, c.Code)).GroupBy(c => c.Status).OrderBy(g => g.Key);
        operation.Responses ??= [];
        foreach (var group in cases)
        {
            var status = group.Key.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (operation.Responses.ContainsKey(status))
            {
                continue;
            }

            var envelope = ApiErrors.Envelope(facts.Dialect, new ErrorBody("CODE", "message", [], EndpointDocs.ExampleTime)).GetType();
            var media = new OpenApiMediaType
            {
                Schema = await schemas.ReferenceAsync(envelope, cancellationToken),
                Examples = group.ToDictionary(c => c.Code, c => (IOpenApiExample)new OpenApiExample { Summary = c.Code, Value = Example(facts.Dialect, c) }),
            };
            operation.Responses[status] = new OpenApiResponse
            {
                Description = string.Join(" ", group.Select(c => $"`{c.Code}`: {c.When}")),
                Content = new Dictionary<string, OpenApiMediaType> { ["application/json"] = media },
            };
        }

        if (!operation.Responses.Keys.Any(s => s.StartsWith('4')))
        {
            // True of every route, and what a client must expect when the endpoint itself refuses nothing.
            operation.Responses["400"] = new OpenApiResponse { Description = "The HTTP server could not parse the request (request line or headers); no endpoint ran." };
        }
    }

    private static IEnumerable<ErrorCase> Cases(EndpointFacts facts)
    {
        var failures = new List<Failure>();
        var live = facts.Metadata.GetMetadata<LiveChannelMetadata>() is not null;
        if (facts.Access != Access.Public && !live)
        {
            failures.Add(Failure.Unauthenticated);
        }

        if (facts.HasBody)
        {
            failures.AddRange([Failure.InvalidRequest, Failure.PayloadTooLarge, Failure.UnsupportedMediaType]);
        }

        failures.AddRange(facts.Metadata.GetOrderedMetadata<EndpointFailures>().SelectMany(f => f.Failures));
        foreach (var failure in failures)
        {
            var (status, code) = ApiErrors.Describe(facts.Dialect, failure);
            yield return new(status, code, When(failure, facts.Access));
        }

        foreach (var declared in facts.Metadata.GetOrderedMetadata<ErrorCase>())
        {
            yield return declared;
        }
    }

    private static System.Text.Json.Nodes.JsonNode? Example(Dialect dialect, ErrorCase error)
    {
        // Only 002's envelope carries a timestamp; the fixed one keeps the document the same on every request.
        var envelope = ApiErrors.Envelope(dialect, new ErrorBody(error.Code, error.When, [], dialect == Dialect.Seed002 ? EndpointDocs.ExampleTime : null));
        return JsonSerializer.SerializeToNode(envelope, ErrorJson.Default.GetTypeInfo(envelope.GetType())!);
    }

    private static string When(Failure failure, Access access) => failure switch
    {
        Failure.Unauthenticated => access switch
        {
            Access.AdminKey => "the X-ADMIN-KEY header is missing or wrong, or no admin key is configured.",
            Access.ApiKey => "the X-API-KEY header is missing or names no service key.",
            Access.OptionalBearer => "the user token is not valid, or reads require a token (Scoreboard:UserTokens:RequireForReads) and none was sent.",
            _ => "the user token (Authorization: Bearer) is missing, expired or not valid.",
        },
        Failure.Forbidden => "the credentials are valid but may not do this (a service key limited to other action types, a token without the required permission).",
        Failure.InvalidRequest => "a field or parameter is missing or malformed; details.field names it.",
        Failure.FieldNotAllowed => "the body names another user than the token's subject.",
        Failure.PayloadTooLarge => "the body is larger than Scoreboard:Api:MaxBodyBytes.",
        Failure.UnsupportedMediaType => "the body is not sent as application/json.",
        Failure.UnknownActionType => "the action type is not in the action catalog.",
        Failure.PointsOutOfRange => "the points are outside what the action type allows.",
        Failure.DuplicateAction => "this actionId was already applied.",
        Failure.ActionIdOfAnotherUser => "this actionId was already applied to another user.",
        Failure.IdempotencyKeyReused => "the Idempotency-Key was used before with a different body.",
        Failure.ScoreLimitReached => "the credit would take the score past the largest score; nothing was applied.",
        Failure.UserNotFound => "no score is recorded for this user.",
        Failure.StoreUnavailable => "the store cannot take the request now (or the outcome of a cut-off commit is unknown); retry after Retry-After.",
        Failure.RateLimited => "over the caller's budget; Retry-After says when to retry.",
        Failure.TimestampOutOfRange => "the timestamp is outside the signing window (±5 minutes by default).",
        Failure.InvalidSignature => "the request signature does not match the request.",
        Failure.InvalidTicket => "the ticket is not one this server issued to this user, or was used already.",
        Failure.TicketExpired => "the ticket expired.",
        Failure.TicketTooEarly => "the ticket was completed sooner than its action's minimum duration.",
        Failure.TicketRequired => "this board requires an action ticket as the actionId.",
        Failure.AccountFrozen => "the user is frozen pending review of an anomaly flag.",
        _ => "the resource does not exist or the feature is off.",
    };
}
