using Microsoft.AspNetCore.Http.Features;

namespace Scoreboard.Live.Transports;

/// <summary>
/// The request's service scope serves the handshake (token checks, the authentication handlers it caches); an open
/// connection needs singletons only. Ending the scope once the connection has joined frees what it holds for the
/// connection's whole life; later lookups go to the application's own services.
/// </summary>
internal sealed class LiveScope(IServiceProvider root)
{
    public static async ValueTask ReleaseAsync(HttpContext context)
    {
        var root = context.RequestServices.GetRequiredService<LiveScope>().Root;
        if (context.Features.Get<IServiceProvidersFeature>() is IAsyncDisposable scope)
        {
            await scope.DisposeAsync();
        }

        context.RequestServices = root;
    }

    private IServiceProvider Root => root;
}
