using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;

namespace Scoreboard.ApiDocs;

/// <summary>
/// Walks every mapped route and completes its operation: endpoints the framework does not describe (live channels,
/// health) are added, and every operation gets an operation id, a summary, security derived from its authorization,
/// and its error responses. Endpoints added later are described without anything more than their usual metadata.
/// </summary>
internal sealed class EndpointOperations(EndpointDataSource endpoints, EndpointAccess access, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json)
    : IOpenApiDocumentTransformer
{
    public async Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Paths ??= [];
        EndpointAccess.AddSchemes(document);
        var schemas = new DocumentSchemas(document, context);
        var operationIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var endpoint in endpoints.Endpoints.OfType<RouteEndpoint>().Where(IsDescribed))
        {
            var path = PathOf(endpoint.RoutePattern);
            foreach (var method in MethodsOf(endpoint))
            {
                if (!document.Paths.TryGetValue(path, out var item))
                {
                    document.Paths[path] = item = new OpenApiPathItem();
                }

                var pathItem = (OpenApiPathItem)item;
                pathItem.Operations ??= [];
                if (!pathItem.Operations.TryGetValue(method, out var operation))
                {
                    pathItem.Operations[method] = operation = await LiveOperations.CreateAsync(endpoint, document, schemas, cancellationToken);
                }

                operation.OperationId ??= endpoint.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName ?? OperationId(method, path);
                operation.OperationId = Unique(operation.OperationId, operationIds);
                operation.Summary ??= endpoint.Metadata.GetMetadata<IEndpointSummaryMetadata>()?.Summary ?? $"{method.Method} {path}";
                operation.Description ??= endpoint.Metadata.GetMetadata<IEndpointDescriptionMetadata>()?.Description;
                AddQueries(operation, endpoint.Metadata.GetOrderedMetadata<DocumentedQuery>());
                if (endpoint.Metadata.GetMetadata<DocumentedBody>() is { } body)
                {
                    operation.RequestBody ??= new OpenApiRequestBody
                    {
                        Required = true,
                        Content = new Dictionary<string, OpenApiMediaType>
                        {
                            ["application/json"] = new() { Schema = await schemas.ReferenceAsync(body.Type, cancellationToken) },
                        },
                    };
                }

                var facts = EndpointFacts.Of(endpoint, await access.OfAsync(endpoint), operation.RequestBody is not null);
                operation.Security = EndpointAccess.Requirements(facts.Access, document);
                await ErrorResponses.AddAsync(operation, facts, schemas, cancellationToken);
                AddExamples(operation, endpoint);
            }
        }

        ApiInfo.Describe(document);
    }

    private static void AddQueries(OpenApiOperation operation, IReadOnlyList<DocumentedQuery> queries)
    {
        foreach (var query in queries)
        {
            operation.Parameters ??= [];
            if (!operation.Parameters.Any(p => p.In == ParameterLocation.Query && p.Name == query.Name))
            {
                operation.Parameters.Add(new OpenApiParameter
                {
                    Name = query.Name,
                    In = ParameterLocation.Query,
                    Description = query.Description,
                    Schema = new OpenApiSchema { Type = JsonSchemaType.String },
                });
            }
        }
    }

    /// <summary>Routes the document must list: everything but what is marked as not part of the API.</summary>
    public static bool IsDescribed(RouteEndpoint endpoint) =>
        endpoint.Metadata.GetMetadata<IExcludeFromDescriptionMetadata>() is not { ExcludeFromDescription: true };

    /// <summary>The OpenAPI path of a route: parameters by name, without constraints.</summary>
    public static string PathOf(RoutePattern pattern)
    {
        var path = new StringBuilder();
        foreach (var segment in pattern.PathSegments)
        {
            path.Append('/');
            foreach (var part in segment.Parts)
            {
                path.Append(part switch
                {
                    RoutePatternLiteralPart literal => literal.Content,
                    RoutePatternSeparatorPart separator => separator.Content,
                    RoutePatternParameterPart parameter => "{" + parameter.Name + "}",
                    _ => "",
                });
            }
        }

        return path.Length == 0 ? "/" : path.ToString();
    }

    /// <summary>A route mapped for any method (a live channel, health) is documented as the GET clients use.</summary>
    public static IEnumerable<HttpMethod> MethodsOf(RouteEndpoint endpoint) =>
        endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods is { Count: > 0 } methods
            ? methods.Select(m => HttpMethod.Parse(m))
            : [HttpMethod.Get];

    private void AddExamples(OpenApiOperation operation, RouteEndpoint endpoint)
    {
        if (endpoint.Metadata.GetMetadata<EndpointExample>() is not { } example)
        {
            return;
        }

        if (example.Request is not null && operation.RequestBody?.Content?.TryGetValue("application/json", out var request) == true)
        {
            request.Example = JsonSerializer.SerializeToNode(example.Request, example.Request.GetType(), json.Value.SerializerOptions);
        }

        if (operation.Responses?.TryGetValue("200", out var ok) == true && ok.Content?.TryGetValue("application/json", out var reply) == true)
        {
            reply.Example = JsonSerializer.SerializeToNode(example.Response, example.Response.GetType(), json.Value.SerializerOptions);
        }
    }

    private static string OperationId(HttpMethod method, string path)
    {
        var id = new StringBuilder(method.Method.ToLowerInvariant());
        foreach (var segment in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (segment.StartsWith('{'))
            {
                id.Append("By");
            }

            foreach (var word in segment.Split(['{', '}', '-', '_', '.', ':', '@'], StringSplitOptions.RemoveEmptyEntries))
            {
                id.Append(char.ToUpperInvariant(word[0])).Append(word.AsSpan(1));
            }
        }

        return id.ToString();
    }

    private static string Unique(string id, HashSet<string> taken)
    {
        var unique = id;
        for (var n = 2; !taken.Add(unique); n++)
        {
            unique = $"{id}{n}";
        }

        return unique;
    }
}
