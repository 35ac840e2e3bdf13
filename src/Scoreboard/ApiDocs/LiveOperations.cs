using System.Globalization;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.OpenApi;
using Scoreboard.Replies;

namespace Scoreboard.ApiDocs;

/// <summary>
/// Operations for routes the framework leaves out of the description because they are plain request delegates: the
/// live channels (their frames as schemas on the upgrade or stream response) and the health check.
/// </summary>
internal static class LiveOperations
{
    public static async Task<OpenApiOperation> CreateAsync(RouteEndpoint endpoint, OpenApiDocument document, DocumentSchemas schemas, CancellationToken cancellationToken)
    {
        var operation = new OpenApiOperation
        {
            Tags = endpoint.Metadata.GetMetadata<ITagsMetadata>()?.Tags.Select(t => new OpenApiTagReference(t, document)).ToHashSet(),
            Parameters = endpoint.RoutePattern.Parameters.Select(p => (IOpenApiParameter)new OpenApiParameter
            {
                Name = p.Name,
                In = ParameterLocation.Path,
                Required = true,
                Schema = new OpenApiSchema { Type = JsonSchemaType.String },
            }).ToList(),
            Responses = [],
        };

        if (endpoint.Metadata.GetMetadata<LiveChannelMetadata>() is { } live)
        {
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = "access_token",
                In = ParameterLocation.Query,
                Description = "A user token, for browsers that cannot set Authorization on a WebSocket or EventSource: the connection then also gets the user's own events.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String },
            });
            await AddLiveResponsesAsync(operation, live, schemas, cancellationToken);
            return operation;
        }

        foreach (var produces in endpoint.Metadata.GetOrderedMetadata<IProducesResponseTypeMetadata>())
        {
            var response = new OpenApiResponse { Description = produces.Description ?? Describe(produces.StatusCode) };
            if (produces.Type is { } type && type != typeof(void))
            {
                var media = new OpenApiMediaType { Schema = await schemas.ReferenceAsync(type, cancellationToken) };
                response.Content = produces.ContentTypes.DefaultIfEmpty("application/json").ToDictionary(c => c, _ => media);
            }

            operation.Responses[produces.StatusCode.ToString(CultureInfo.InvariantCulture)] = response;
        }

        if (operation.Responses.Count == 0)
        {
            operation.Responses["200"] = new OpenApiResponse { Description = "OK" };
        }

        return operation;
    }

    private static async Task AddLiveResponsesAsync(OpenApiOperation operation, LiveChannelMetadata live, DocumentSchemas schemas, CancellationToken cancellationToken)
    {
        var frames = new List<IOpenApiSchema>();
        foreach (var frame in live.Frames)
        {
            frames.Add(await schemas.ReferenceAsync(frame, cancellationToken));
        }

        var frame1 = frames.Count == 1 ? frames[0] : new OpenApiSchema { AnyOf = frames };
        if (live.Protocol != LiveProtocol.ServerSentEvents)
        {
            operation.Responses!["101"] = new OpenApiResponse
            {
                Description = "Switching Protocols: a WebSocket on which every text message is one JSON frame of this schema. Send an Upgrade request.",
                Content = new Dictionary<string, OpenApiMediaType> { ["application/json"] = new() { Schema = frame1 } },
            };
        }

        if (live.Protocol != LiveProtocol.WebSocket)
        {
            operation.Responses!["200"] = new OpenApiResponse
            {
                Description = "A Server-Sent Events stream (no Upgrade header): each event's data is one JSON frame of this schema, its id the board's sequence.",
                Content = new Dictionary<string, OpenApiMediaType> { ["text/event-stream"] = new() { Schema = frame1 } },
            };
        }
        else
        {
            // A WebSocket-only route has no 2xx answer; every other status is a refusal in the error envelope.
            operation.Responses!["default"] = new OpenApiResponse
            {
                Description = "The connection was refused; the body says why.",
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    ["application/json"] = new() { Schema = await schemas.ReferenceAsync(typeof(PlainError), cancellationToken) },
                },
            };
        }
    }

    private static string Describe(int status) =>
        Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status) is { Length: > 0 } phrase ? phrase : "Response";
}
