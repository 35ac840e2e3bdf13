
using Scoreboard.Replies;

namespace Scoreboard.ApiDocs;

/// <summary>What the document needs to know about one endpoint, read from its metadata.</summary>
internal sealed record EndpointFacts(EndpointMetadataCollection Metadata, Dialect Dialect, Access Access, bool HasBody)
{
    /// <summary>Endpoints without a dialect (live channels) refuse in 004's <c>{"error":{…}}</c> shape, as ApiErrors does.</summary>
    public static EndpointFacts Of(RouteEndpoint endpoint, Access access, bool hasBody) =>
        new(endpoint.Metadata, endpoint.Metadata.GetMetadata<DialectMetadata>()?.Dialect ?? Dialect.Seed004, access, hasBody);
}
