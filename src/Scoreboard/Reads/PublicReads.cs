using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using Scoreboard.Security.Tokens;

namespace Scoreboard.Reads;

/// <summary>Endpoint metadata: a board read anyone may make while reads need no token (the board-read policy alone).</summary>
public sealed class PublicRead
{
    public static readonly PublicRead Instance = new();

    private PublicRead()
    {
    }
}

/// <summary>
/// Anonymous public board reads skip the middleware they do not need. While <see cref="UserTokenOptions.RequireForReads"/>
/// is off, the board-read policy lets every request through, so for a GET of an endpoint marked <see cref="PublicRead"/>
/// that carries no <c>Authorization</c> header, authentication and authorization can only say yes; the static files and
/// WebSocket steps never act on a matched, non-live endpoint. Such a request runs its endpoint directly. Everything
/// before this step still runs (metrics, forwarded headers, HSTS, CORS), and the endpoint writes the reply itself, so
/// status, headers and body are those of the full pipeline. A request with any token, or any read while reads need a
/// token, takes the full pipeline.
/// </summary>
public static class PublicReads
{
    /// <summary>Marks a read endpoint as one anonymous readers may reach directly when reads are public.</summary>
    public static TBuilder AsPublicRead<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder => builder.WithMetadata(PublicRead.Instance);

    /// <summary>After CORS and before the live switch, authentication and authorization.</summary>
    public static IApplicationBuilder UsePublicReads(this IApplicationBuilder app)
    {
        // The same options the board-read policy reads: when reads need a token, nothing is skipped.
        if (app.ApplicationServices.GetRequiredService<IOptions<UserTokenOptions>>().Value.RequireForReads)
        {
            return app;
        }

        return app.Use(next => context => Direct(context) is { } endpoint ? endpoint(context) : next(context));
    }

    /// <summary>The endpoint to run directly for this request, or null when it takes the full pipeline.</summary>
    internal static RequestDelegate? Direct(HttpContext context)
    {
        if (context.GetEndpoint() is not { RequestDelegate: { } run } endpoint
            || endpoint.Metadata.GetMetadata<PublicRead>() is null
            || !HttpMethods.IsGet(context.Request.Method)
            || context.Request.Headers.Authorization.Count > 0
            || !OnlyBoardRead(endpoint.Metadata))
        {
            return null;
        }

        return run;
    }

    /// <summary>True when the endpoint's only authorization is the board-read policy, so nothing else is skipped with it.</summary>
    private static bool OnlyBoardRead(EndpointMetadataCollection metadata)
    {
        var authorize = metadata.GetOrderedMetadata<IAuthorizeData>();
        if (authorize.Count == 0 || metadata.GetMetadata<AuthorizationPolicy>() is not null
            || metadata.GetMetadata<IAuthorizationRequirementData>() is not null)
        {
            return false;
        }

        foreach (var data in authorize)
        {
            if (data.Policy != UserTokens.BoardReadPolicy || data.Roles is not null || data.AuthenticationSchemes is not null)
            {
                return false;
            }
        }

        return true;
    }
}
