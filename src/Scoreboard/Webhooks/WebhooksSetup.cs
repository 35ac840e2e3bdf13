using Npgsql;
using Scoreboard.Storage.Sqlite;

namespace Scoreboard.Webhooks;

/// <summary>Webhooks' wiring: options checked at start-up, the store over whichever database serves, the dispatcher and the period watch.</summary>
public static class WebhooksSetup
{
    public static IServiceCollection AddWebhooks(this IServiceCollection services)
    {
        services.AddOptions<WebhookOptions>().BindConfiguration(WebhookOptions.Section).ValidateOnStart();
        services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<WebhookOptions>>(new SettingsCheck<WebhookOptions>(WebhookOptions.Check));

        // Distributed mode registered a PostgreSQL data source; the embedded store opens SQLite connections otherwise.
        services.AddSingleton(sp => sp.GetService<NpgsqlDataSource>() is { } postgres
            ? new WebhookStore(async ct => await postgres.OpenConnectionAsync(ct))
            : new WebhookStore(sp.GetRequiredService<SqliteScoreStore>().OpenConnectionAsync));
        services.AddSingleton<WebhookQueue>();
        services.AddHostedService<WebhookDispatcher>();
        services.AddHostedService<PeriodEndWatch>();
        services.ConfigureHttpJsonOptions(options => options.SerializerOptions.TypeInfoResolverChain.Insert(0, WebhooksJson.Default));
        return services;
    }
}
