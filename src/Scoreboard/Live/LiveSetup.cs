using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;
using Scoreboard.Diagnostics;
using Scoreboard.Dialects;
using Scoreboard.Live.SocketIo;
using Scoreboard.Live.Transports;

namespace Scoreboard.Live;

/// <summary>The live side's wiring: the feed, the hub, every seed's channel, the browser page and the demo endpoint.</summary>
public static class LiveSetup
{
    /// <summary>003's <c>public:leaderboard</c> channel: WebSocket when upgrading, SSE otherwise.</summary>
    public const string Seed003Path = "/channels/public:leaderboard";

    // Public unless Scoreboard:UserTokens:RequireForReads is set; browsers pass the token as ?access_token=.
    private const string BoardRead = Security.Tokens.UserTokens.BoardReadPolicy;

    public static IServiceCollection AddLive(this IServiceCollection services)
    {
        services.AddOptions<LiveOptions>().BindConfiguration(LiveOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<LiveOptions>>(new SettingsCheck<LiveOptions>(Check));
        services.AddSingleton<LiveHub>();
        services.AddSingleton<BoardPage>();
        services.AddHostedService<LiveFeed>();
        services.AddSingleton<EngineIoSessions>();
        services.AddHostedService(sp => sp.GetRequiredService<EngineIoSessions>());
        services.AddHealthChecks().AddCheck<LiveHealthCheck>(Health.WebSocket);
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, DemoJson.Default));
        return services;
    }

    public static WebApplication MapLive(this WebApplication app)
    {
        // Embedded in the assembly, so the page is there however the server is started (dotnet run, the built dll, a container).
        // The page itself is rendered with the current board; its assets are static. An endpoint wins over a static file.
        app.MapBoardPage();
        app.UseStaticFiles(new StaticFileOptions { FileProvider = new EmbeddedFileProvider(typeof(LiveSetup).Assembly, "Scoreboard.wwwroot") });
        app.UseWebSockets();

        app.Map("/ws/leaderboard", context => WebSocketChannel.RunAsync(context, WireFormat.Seed000)).WithTags("Seed 000").RequireAuthorization(BoardRead);
        app.MapGet("/leaderboard/stream", context => SseChannel.RunAsync(context, WireFormat.Seed001Sse)).WithTags("Seed 001").RequireAuthorization(BoardRead);
        app.MapSocketIo();
        app.MapGroup("/api/v1/scores").WithDialect(Dialect.Seed002).WithTags("Seed 002")
            .MapGet("/leaderboard/changes", PollingChannel.ChangesAsync).RequireAuthorization(BoardRead);
        app.Map(Seed003Path, context => context.WebSockets.IsWebSocketRequest
            ? WebSocketChannel.RunAsync(context, WireFormat.Seed003)
            : SseChannel.RunAsync(context, WireFormat.Seed003Sse)).WithTags("Seed 003").RequireAuthorization(BoardRead);
        app.Map("/ws/scoreboard", context => WebSocketChannel.RunAsync(context, WireFormat.Seed004)).WithTags("Seed 004").RequireAuthorization(BoardRead);
        if (app.Services.GetRequiredService<IOptions<LiveOptions>>().Value.DemoEnabled)
        {
            app.MapDemo();
        }

        return app;
    }

    private static string? Check(LiveOptions o) =>
        o.WindowMs is < 10 or > 10_000 ? $"{LiveOptions.Section}:WindowMs must be from 10 to 10000 (got {o.WindowMs})."
        : o.BoardSize is < 1 or > 100 ? $"{LiveOptions.Section}:BoardSize must be from 1 to 100 (got {o.BoardSize})."
        : o.HeartbeatSeconds is < 1 or > 3600 ? $"{LiveOptions.Section}:HeartbeatSeconds must be from 1 to 3600 (got {o.HeartbeatSeconds})."
        : o.TimeoutSeconds is < 1 or > 3600 ? $"{LiveOptions.Section}:TimeoutSeconds must be from 1 to 3600 (got {o.TimeoutSeconds})."
        : o.MaxConnections is < 1 or > 1_000_000 ? $"{LiveOptions.Section}:MaxConnections must be from 1 to 1000000 (got {o.MaxConnections})."
        : o.AddressSharePercent is < 1 or > 100 ? $"{LiveOptions.Section}:AddressSharePercent must be from 1 to 100 (got {o.AddressSharePercent})."
        : null;
}
