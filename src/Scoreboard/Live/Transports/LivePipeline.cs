using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.Extensions.Options;
using Scoreboard.ApiDocs;
using Scoreboard.Live.SocketIo;
using Scoreboard.Security;

namespace Scoreboard.Live.Transports;

/// <summary>
/// The live channels' own short pipeline. A live request stays inside every middleware above it for as long as the
/// connection is open, so each async middleware frame, and what it references (authentication results, the
/// authorization services, the credit tally), is paid once per open connection. The live channels branch off right
/// after routing and the metrics gate and get only what they need: trusted proxies (the client address the per-address
/// share counts), HSTS and CORS as everywhere else, the live switch, and the endpoint's own authorization policy,
/// evaluated exactly as the authorization middleware does it, in a frame that ends before the connection opens.
/// </summary>
internal static class LivePipeline
{
    /// <summary>Branches the live channels off; call it right after the metrics gate, before any other middleware.</summary>
    /// <param name="shared">
    /// The steps the general pipeline runs too (trusted proxies, HSTS and CORS), given by the composition so both
    /// pipelines run the very same ones.
    /// </param>
    public static IApplicationBuilder UseLivePipeline(this IApplicationBuilder app, Action<IApplicationBuilder> shared)
    {
        var monitor = app.ApplicationServices.GetRequiredService<IOptionsMonitor<LiveOptions>>();
        return app.MapWhen(IsLive, branch =>
        {
            shared(branch);
            branch.UseWebSockets();
            branch.Run(context => monitor.CurrentValue.Enabled ? RunAsync(context) : LiveSwitchMiddleware.RefuseAsync(context));
        });
    }

    /// <summary>A live channel (marked as such), or Socket.IO: the requests the live switch governs.</summary>
    internal static bool IsLive(HttpContext context) =>
        context.GetEndpoint() is { RequestDelegate: not null } endpoint
        && (endpoint.Metadata.GetMetadata<LiveChannelMetadata>() is not null
            || context.Request.Path.StartsWithSegments(SocketIoChannel.Path.TrimEnd('/')));

    private static Task RunAsync(HttpContext context)
    {
        var endpoint = context.GetEndpoint()!;
        var metadata = endpoint.Metadata;
        var data = metadata.GetOrderedMetadata<IAuthorizeData>();
        var policies = metadata.GetOrderedMetadata<AuthorizationPolicy>();
        return (data.Count == 0 && policies.Count == 0) || metadata.GetMetadata<IAllowAnonymous>() is not null
            ? endpoint.RequestDelegate!(context)
            : AuthorizedRunAsync(context, endpoint.RequestDelegate!, data, policies);
    }

    private static async Task AuthorizedRunAsync(HttpContext context, RequestDelegate channel, IReadOnlyList<IAuthorizeData> data,
        IReadOnlyList<AuthorizationPolicy> policies)
    {
        if (await AuthorizeAsync(context, data, policies))
        {
            await channel(context);
        }
    }

    /// <summary>The authorization middleware's steps: combine the policies, authenticate, authorize; a failure is challenged or forbidden as there.</summary>
    private static async Task<bool> AuthorizeAsync(HttpContext context, IReadOnlyList<IAuthorizeData> data, IReadOnlyList<AuthorizationPolicy> policies)
    {
        var services = context.RequestServices;
        var policy = await AuthorizationPolicy.CombineAsync(services.GetRequiredService<IAuthorizationPolicyProvider>(), data, policies);
        if (policy is null)
        {
            return true;
        }

        var evaluator = services.GetRequiredService<IPolicyEvaluator>();
        var authentication = await evaluator.AuthenticateAsync(policy, context);
        var authorization = await evaluator.AuthorizeAsync(policy, authentication, context, context);
        if (authorization.Succeeded)
        {
            return true;
        }

        await services.GetRequiredService<IAuthorizationMiddlewareResultHandler>().HandleAsync(_ => Task.CompletedTask, context, policy, authorization);
        return false;
    }
}
