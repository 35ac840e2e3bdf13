using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;
using Scoreboard.ApiDocs;
using Scoreboard.Diagnostics;
using Scoreboard.Live.SocketIo;
using Scoreboard.Live.Transports;
using Scoreboard.Reads;
using Scoreboard.Replies;

namespace Scoreboard.Live;

/// <summary>The live side's wiring: the feed, the hub, every seed's channel and the browser page.</summary>
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
        services.AddSingleton<LiveScope>();
        services.AddOptions<Reads.ReadOptions>().BindConfiguration(Reads.ReadOptions.Section).ValidateOnStart()
            .Configure<IOptions<LiveOptions>>((reads, live) => reads.WindowMs = live.Value.WindowMs);
        services.AddSingleton<IValidateOptions<Reads.ReadOptions>>(new SettingsCheck<Reads.ReadOptions>(o =>
            o.CacheBytes is < 64 * 1024 or > 4L * 1024 * 1024 * 1024 ? $"{Reads.ReadOptions.Section}:CacheBytes must be from 65536 to 4294967296 (got {o.CacheBytes})."
            : o.MaxAgeMs is < 10 or > 60_000 ? $"{Reads.ReadOptions.Section}:MaxAgeMs must be from 10 to 60000 (got {o.MaxAgeMs})." : null));
        services.AddSingleton<Reads.ReadCache>();
        services.AddSingleton<BoardPage>();
        services.AddHostedService<LiveFeed>();
        services.AddHostedService<FileLimitWarning>();
        services.AddHostedService<SseHeartbeats>();
        services.AddSingleton<EngineIoSessions>();
        services.AddHostedService(sp => sp.GetRequiredService<EngineIoSessions>());
        services.AddHealthChecks().AddCheck<LiveHealthCheck>(Health.WebSocket);
        return services;
    }

    public static WebApplication MapLive(this WebApplication app)
    {
        // Embedded in the assembly, so the page is there however the server is started (dotnet run, the built dll, a container).
        // The page itself is rendered with the current board; its assets are static. An endpoint wins over a static file.
        app.MapBoardPage();
        app.UseStaticFiles(new StaticFileOptions { FileProvider = new EmbeddedFileProvider(typeof(LiveSetup).Assembly, "Scoreboard.wwwroot") });
        app.UseWebSockets();

        app.Map("/ws/leaderboard", context => WebSocketChannel.RunAsync(context, WireFormat.Seed000)).WithTags("Seed 000").RequireAuthorization(BoardRead)
            .WithSummary("Live board over WebSocket (000)").TakesBoard().LiveChannel(LiveProtocol.WebSocket, typeof(Seed000State), typeof(Seed000Update)).WithLiveRefusals();
        app.MapGet("/leaderboard/stream", context => SseChannel.RunAsync(context, WireFormat.Seed001Sse)).WithTags("Seed 001").RequireAuthorization(BoardRead)
            .WithSummary("Live board as Server-Sent Events (001)").TakesBoard().LiveChannel(LiveProtocol.ServerSentEvents, typeof(LeaderboardResponse)).WithLiveRefusals();
        app.MapSocketIo();
        app.MapGroup("/api/v1/scores").WithDialect(Dialect.Seed002).WithTags("Seed 002")
            .MapGet("/leaderboard/changes", PollingChannel.ChangesAsync).RequireAuthorization(BoardRead)
            .WithSummary("Whether the board changed since a time: the polling fallback").TakesBoard().Produces<Envelope<Seed002Changes>>()
            .Fails(Failure.InvalidRequest, Failure.StoreUnavailable);
        app.Map(Seed003Path, context => context.WebSockets.IsWebSocketRequest
            ? WebSocketChannel.RunAsync(context, WireFormat.Seed003)
            : SseChannel.RunAsync(context, WireFormat.Seed003Sse)).WithTags("Seed 003").RequireAuthorization(BoardRead)
            .WithSummary("Live board over WebSocket, or SSE without an upgrade (003)").TakesBoard().LiveChannel(LiveProtocol.WebSocketOrServerSentEvents, typeof(Seed003Board))
            .WithLiveRefusals();
        app.Map("/ws/scoreboard", context => WebSocketChannel.RunAsync(context, WireFormat.Seed004)).WithTags("Seed 004").RequireAuthorization(BoardRead)
            .WithSummary("Live board over WebSocket (004)").TakesBoard(takesBoardId: true).LiveChannel(LiveProtocol.WebSocket, typeof(Seed004Board)).WithLiveRefusals();
        return app;
    }

    /// <summary>The refusals every live channel gives before it opens (LiveConnections), in 004's error envelope.</summary>
    private static TBuilder WithLiveRefusals<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder => builder
        .Refuses(400, "INVALID_REQUEST", "not a WebSocket upgrade where only WebSocket is served, or a userId without a matching token.")
        .Refuses(401, "UNAUTHORIZED", "a token that is not valid, or none where reads require one.")
        .Refuses(403, "ORIGIN_NOT_ALLOWED", "the page's Origin is not in CORS_ORIGINS.")
        .Refuses(429, "TOO_MANY_CONNECTIONS", "this client address holds its share of the connections; Retry-After.")
        .Refuses(503, "TOO_MANY_CONNECTIONS", "the server holds its maximum of live connections; Retry-After.")
        .Refuses(503, LiveSwitch.Code, "live pushes are switched off (Scoreboard:Live:Enabled); poll the REST reads; Retry-After.");

    private static string? Check(LiveOptions o) =>
        o.WindowMs is < 10 or > 10_000 ? $"{LiveOptions.Section}:WindowMs must be from 10 to 10000 (got {o.WindowMs})."
        : o.BoardSize is < 1 or > 100 ? $"{LiveOptions.Section}:BoardSize must be from 1 to 100 (got {o.BoardSize})."
        : o.HeartbeatSeconds is < 1 or > 3600 ? $"{LiveOptions.Section}:HeartbeatSeconds must be from 1 to 3600 (got {o.HeartbeatSeconds})."
        : o.TimeoutSeconds is < 1 or > 3600 ? $"{LiveOptions.Section}:TimeoutSeconds must be from 1 to 3600 (got {o.TimeoutSeconds})."
        : o.MaxConnections is < 1 or > 1_000_000 ? $"{LiveOptions.Section}:MaxConnections must be from 1 to 1000000 (got {o.MaxConnections})."
        : o.AddressSharePercent is < 1 or > 100 ? $"{LiveOptions.Section}:AddressSharePercent must be from 1 to 100 (got {o.AddressSharePercent})."
        : null;
}
