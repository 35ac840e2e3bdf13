using Microsoft.Extensions.Options;
using Scoreboard.Storage;
using Scoreboard.Storage.Postgres;
using Scoreboard.Storage.Sqlite;

namespace Scoreboard.Privacy;

/// <summary>Export, erasure and retention over whichever store the mode chose.</summary>
public static class PrivacySetup
{
    public static IServiceCollection AddPrivacy(this IServiceCollection services)
    {
        services.AddOptions<PrivacyOptions>().BindConfiguration(PrivacyOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<PrivacyOptions>>(new SettingsCheck<PrivacyOptions>(PrivacyOptions.Check));
        services.AddSingleton(sp => sp.GetRequiredService<IScoreStore>() switch
        {
            PostgresScoreStore postgres => new PrivacyStore(async ct => await postgres.DataSource.OpenConnectionAsync(ct), postgres: true),
            SqliteScoreStore sqlite => new PrivacyStore(sqlite.OpenConnectionAsync, postgres: false),
            var other => throw new InvalidOperationException($"No privacy store for {other.GetType().Name}."),
        });
        services.AddSingleton<Pseudonyms>();
        services.AddSingleton<UserErasure>();
        services.AddHostedService<RetentionChore>();
        return services;
    }
}
