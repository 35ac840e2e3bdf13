namespace Scoreboard.Replies;

/// <summary>Declaring the failures an endpoint answers, where it is mapped; the API description reads them.</summary>
public static class EndpointFailureMetadata
{
    /// <summary>Failures the endpoint answers in its dialect's envelope, beyond those its authorization and body imply.</summary>
    public static TBuilder Fails<TBuilder>(this TBuilder builder, params Failure[] failures)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new EndpointFailures(failures));
}

/// <summary>Failures an endpoint declares; several may accumulate (group and endpoint).</summary>
public sealed record EndpointFailures(IReadOnlyList<Failure> Failures);
