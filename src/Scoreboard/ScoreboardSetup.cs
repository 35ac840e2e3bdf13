using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Scoreboard.ApiDocs;
using Scoreboard.Crediting;
using Scoreboard.Diagnostics;
using Scoreboard.Dialects;
using Scoreboard.Live;
using Scoreboard.Live.Transports;
using Scoreboard.Ranking;
using Scoreboard.Reads;
using Scoreboard.Replies;
using Scoreboard.Scoring;
using Scoreboard.Security;
using Scoreboard.Security.Tokens;
using Scoreboard.Storage;
using Scoreboard.Storage.Postgres;
using Scoreboard.Storage.Sqlite;
using Scoreboard.Web;
using Scoreboard.Webhooks;

namespace Scoreboard;

/// <summary>The scoreboard's composition: services in <see cref="AddScoreboard"/>, routes in <see cref="MapScoreboard"/>.</summary>
public static class ScoreboardSetup
{
    public static WebApplicationBuilder AddScoreboard(this WebApplicationBuilder builder)
    {
        builder.Configuration.AddSeedVariables();
        builder.AddScoreboardTelemetry();
        builder.Logging.AddRedaction();
        var services = builder.Services;
        services.AddHostedService<TelemetrySampler>();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(new StartTime(TimeProvider.System.GetUtcNow()));

        services.AddValidatedOptions<StorageOptions>(StorageOptions.Section, SettingsChecks.Storage);
        services.AddValidatedOptions<ApiOptions>(ApiOptions.Section, SettingsChecks.Api);
        services.AddValidatedOptions<ActionCatalogOptions>(ActionCatalogOptions.Section, SettingsChecks.Catalog);
        services.AddValidatedOptions<ServiceKeyOptions>(ServiceKeyOptions.Section, SettingsChecks.ServiceKeys);
        services.AddSingleton(sp => new ActionCatalog(sp.GetRequiredService<IOptions<ActionCatalogOptions>>().Value.Actions));

        // Distributed mode registers first when DB_*/REDIS_* (or connection strings) are set; the embedded defaults fill the rest.
        builder.AddDistributedMode();
        services.AddSingleton<SqliteScoreStore>();
        services.TryAddSingleton<IScoreStore>(sp => sp.GetRequiredService<SqliteScoreStore>());
        services.TryAddSingleton(sp => new StoreLocation(sp.GetRequiredService<IOptions<StorageOptions>>().Value.DatabasePath));
        services.TryAddSingleton<IRankIndex, InProcessRankIndex>();
        services.TryAddSingleton<IBoardBus, InProcessBoardBus>();
        services.AddSingleton<ServiceKeyRegistry>();
        services.AddHostedService<BoardWarmup>();
        services.AddHostedService<ServiceKeyRefresh>();
        services.AddBoards();
        Privacy.PrivacySetup.AddPrivacy(services);
        services.AddWebhooks();
        services.AddSingleton<StoreWrites>();
        services.AddSingleton<LedgerWriter>();
        services.AddHostedService(sp => sp.GetRequiredService<LedgerWriter>());
        services.AddLive();
        services.AddHostedService<LiveSwitch>();

        services.AddAuthentication()
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, ServiceKeyAuthentication>(ServiceKeyAuthentication.SchemeName, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(ServiceKeyAuthentication.Policy, policy => policy
                .AddAuthenticationSchemes(ServiceKeyAuthentication.SchemeName)
                .RequireAuthenticatedUser());

        services.AddUserSecurity();
        services.AddSingleton<UserCredits>();

        services.AddHealthChecks().AddCheck<StoreHealthCheck>(Health.Database);
        services.AddApiDocs();
        services.AddAdminConsole();
        builder.AddWebDeployment();
        services.ConfigureHttpJsonOptions(options =>
        {
            options.SerializerOptions.TypeInfoResolverChain.Insert(0, DemoJson.Default);
            options.SerializerOptions.TypeInfoResolverChain.Insert(0, UserApiJson.Default);
            options.SerializerOptions.TypeInfoResolverChain.Insert(0, Seed001Json.Default);
            options.SerializerOptions.TypeInfoResolverChain.Insert(0, Seed002Json.Default);
            options.SerializerOptions.TypeInfoResolverChain.Insert(0, Seed004Json.Default);
            options.SerializerOptions.TypeInfoResolverChain.Insert(0, ErrorJson.Default);
            options.SerializerOptions.TypeInfoResolverChain.Insert(0, BoardsJson.Default);

            // A context's own converters do not apply when it is chained into these options, so the format is set here too.
            options.SerializerOptions.Converters.Add(new UtcTimestampConverter());
            options.SerializerOptions.Encoder = ApiErrors.Encoder;
        });
        return builder;
    }

    public static WebApplication MapScoreboard(this WebApplication app)
    {
        app.UseScoreboardTelemetry(app.Services.GetRequiredService<IOptions<AdminOptions>>().Value.ApiKey, AdminOptions.Header);
        app.UseLivePipeline(SharedSteps);
        CreditTally.Open(app);
        SharedSteps(app);
        app.UsePublicReads();
        app.UseLiveSwitch();
        app.MapLive();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapApiDocs();
        app.MapHealth();
        app.MapSeed001();
        app.MapSeed002();
        app.MapSeed004();
        app.MapBoards();
        app.MapUserCredits();
        app.MapAdminConsolePage();
        return app;
    }

    /// <summary>The routes that credit users or hand out what they credit with (tokens, tickets), and the admin API.</summary>
    /// <summary>What the live channels' own pipeline and the general one both run, in this order.</summary>
    private static void SharedSteps(IApplicationBuilder app)
    {
        app.UseTrustedProxies();
        app.UseWebDeployment();
    }

    private static void MapUserCredits(this WebApplication app)
    {
        if (app.Services.GetRequiredService<IOptions<UserTokenOptions>>().Value.DemoTokensEnabled)
        {
            Log.DemoTokensOn(app.Services.GetRequiredService<ILogger<TokenMinter>>());
        }

        app.MapSeed000();
        app.MapScoresUpdate();
        app.MapSeed003();
        app.MapActionTickets();
        app.MapUserTokens();
        app.MapAdmin();
        if (app.Services.GetRequiredService<IOptions<LiveOptions>>().Value.DemoEnabled)
        {
            app.MapDemo();
        }
    }

    private static void AddValidatedOptions<T>(this IServiceCollection services, string section, Func<T, string?> check)
        where T : class
    {
        services.AddOptions<T>().BindConfiguration(section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<T>>(new SettingsCheck<T>(check));
    }
}
