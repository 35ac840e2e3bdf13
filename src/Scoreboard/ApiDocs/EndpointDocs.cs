namespace Scoreboard.ApiDocs;

/// <summary>
/// What an endpoint's own metadata cannot say by itself, for the OpenAPI document: examples and how a live channel
/// speaks (the failures it answers are declared with Replies' Fails). Everything else (security, standard errors,
/// operation ids) is derived.
/// </summary>
public static class EndpointDocs
{
    /// <summary>The time examples show, so the document is the same on every request.</summary>
    public static readonly DateTimeOffset ExampleTime = new(2025, 10, 17, 10, 30, 0, TimeSpan.Zero);

    /// <summary>A refusal with its own code (live channels), in the <c>{"error":{…}}</c> envelope.</summary>
    public static TBuilder Refuses<TBuilder>(this TBuilder builder, int status, string code, string when)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new ErrorCase(status, code, when));

    /// <summary>
    /// The JSON body the endpoint reads, for the document only. Not <c>Accepts</c>: that would let routing answer a wrong
    /// content type with a bare 415, where the endpoint answers it in its dialect's envelope with a code.
    /// </summary>
    public static RouteHandlerBuilder Reads<TBody>(this RouteHandlerBuilder builder) =>
        builder.WithMetadata(new DocumentedBody(typeof(TBody)));

    /// <summary>A query parameter the endpoint reads from the request itself (not a handler argument), for the document only.</summary>
    public static TBuilder Query<TBuilder>(this TBuilder builder, string name, string description)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new DocumentedQuery(name, description));

    /// <summary>A request body (null for none) and the success reply, shown as examples and checked against the schemas.</summary>
    public static TBuilder Example<TBuilder>(this TBuilder builder, object? request, object response)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new EndpointExample(request, response));

    /// <summary>Marks a live channel: how it connects and the JSON frames it sends.</summary>
    public static TBuilder LiveChannel<TBuilder>(this TBuilder builder, LiveProtocol protocol, params Type[] frames)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new LiveChannelMetadata(protocol, frames));
}

/// <summary>The JSON request body an endpoint reads itself.</summary>
public sealed record DocumentedBody(Type Type);

/// <summary>An optional string query parameter the endpoint reads itself.</summary>
public sealed record DocumentedQuery(string Name, string Description);

/// <summary>A refusal described by status and code directly.</summary>
public sealed record ErrorCase(int Status, string Code, string When);

public sealed record EndpointExample(object? Request, object Response);

public enum LiveProtocol
{
    WebSocket,
    ServerSentEvents,
    WebSocketOrServerSentEvents,
}

public sealed record LiveChannelMetadata(LiveProtocol Protocol, IReadOnlyList<Type> Frames);
