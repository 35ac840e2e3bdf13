using Microsoft.Extensions.Options;
using Scoreboard.ApiDocs;
using Scoreboard.Live.SocketIo;
using Scoreboard.Live.Transports;

namespace Scoreboard.Live;

/// <summary>
/// <c>Scoreboard:Live:Enabled</c> applied while the server runs: switched off, open connections are closed and new
/// ones refused with 503 <c>LIVE_DISABLED</c> and <c>Retry-After</c>, so clients poll (the polling endpoint stays);
/// switched on again, channels accept connections at once.
/// </summary>
internal sealed class LiveSwitch(IOptionsMonitor<LiveOptions> options, LiveHub hub) : IHostedService, IDisposable
{
    public const string Code = "LIVE_DISABLED";
    private IDisposable? _listening;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _listening = options.OnChange(o =>
        {
            if (!o.Enabled)
            {
                hub.LeaveAll();
            }
        });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose() => _listening?.Dispose();
}

/// <summary>The refusal side of <see cref="LiveSwitch"/>, in the request pipeline.</summary>
internal static class LiveSwitchMiddleware
{
    /// <summary>Refuses live channels (those marked as such, and Socket.IO) while live pushes are off.</summary>
    public static WebApplication UseLiveSwitch(this WebApplication app)
    {
        var monitor = app.Services.GetRequiredService<IOptionsMonitor<LiveOptions>>();
        app.Use(async (context, next) =>
        {
            var live = context.GetEndpoint()?.Metadata.GetMetadata<LiveChannelMetadata>() is not null
                || context.Request.Path.StartsWithSegments(SocketIoChannel.Path.TrimEnd('/'));
            if (live && !monitor.CurrentValue.Enabled)
            {
                await RefuseAsync(context);
                return;
            }

            await next(context);
        });
        return app;
    }

    /// <summary>503 <c>LIVE_DISABLED</c> with <c>Retry-After</c>: live pushes are off.</summary>
    public static Task RefuseAsync(HttpContext context)
    {
        context.Response.Headers.RetryAfter = "30";
        return LiveConnections.RefuseAsync(context, StatusCodes.Status503ServiceUnavailable, LiveSwitch.Code,
            "Live updates are switched off for now; poll GET /api/v1/scores/leaderboard/changes or the board instead.");
    }
}
