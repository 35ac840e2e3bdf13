using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Scoreboard.Diagnostics;
using Scoreboard.Replies;
using Scoreboard.Security.AntiCheat;
using Scoreboard.Security.Limits;
using Scoreboard.Security.Signing;
using Scoreboard.Security.Tickets;
using Scoreboard.Security.Tokens;
using Scoreboard.Storage;
using Scoreboard.Storage.Sqlite;

namespace Scoreboard.Security;

/// <summary>User tokens, signing, tickets, rate limits and anti-cheat: their services (their routes are the dialects').</summary>
public static class SecuritySetup
{
    public static IServiceCollection AddUserSecurity(this IServiceCollection services)
    {
        services.AddValidated<UserTokenOptions>(UserTokenOptions.Section, UserTokenOptions.Check);
        services.AddValidated<SigningOptions>(SigningOptions.Section, SigningOptions.Check);
        services.AddValidated<TicketOptions>(TicketOptions.Section, TicketOptions.Check);
        services.AddValidated<RateLimitOptions>(RateLimitOptions.Section, RateLimitOptions.Check);
        services.AddValidated<AnomalyOptions>(AnomalyOptions.Section, AnomalyOptions.Check);
        services.AddValidated<AdminOptions>(AdminOptions.Section, AdminOptions.Check);
        services.AddValidated<ProxyOptions>(ProxyOptions.Section, ProxyOptions.Check);
        services.AddTrustedProxies();

        services.AddSingleton<ServerSecrets>();
        services.AddSingleton<TokenMinter>();
        services.AddSingleton<SigningKeys>();
        services.AddSingleton<ActionTickets>();
        services.AddSingleton<CreditLimiter>();
        services.AddSingleton<DemoLimits>();
        // Distributed mode registers the Redis-counted limits first.
        services.TryAddSingleton<ICreditLimits>(sp => sp.GetRequiredService<CreditLimiter>());
        services.AddSingleton<Cooldowns>();
        services.TryAddSingleton<ICooldowns>(sp => sp.GetRequiredService<Cooldowns>());
        // Distributed mode registers PostgreSQL's first; otherwise the flags live beside the SQLite ledger.
        services.TryAddSingleton<IFlagStore>(sp => sp.GetRequiredService<SqliteScoreStore>());
        services.AddSingleton<AnomalyWindow>();
        services.TryAddSingleton<IAnomalyWindow>(sp => sp.GetRequiredService<AnomalyWindow>());
        services.AddSingleton<AnomalyMonitor>();
        services.AddSingleton<AdminKeyFilter>();
        services.AddUserTokens();
        return services;
    }

    /// <summary>Puts service-key credits through the per-key budget.</summary>
    public static RouteHandlerBuilder WithServiceKeyLimit(this RouteHandlerBuilder builder) =>
        builder.Fails(Failure.RateLimited).AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            var key = ServiceKeyAuthentication.KeyOf(http.User).Name;
            if (await http.RequestServices.GetRequiredService<ICreditLimits>().TryServiceAsync(key) is { } wait)
            {
                var seconds = Math.Max(1, (long)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                http.RequestServices.GetRequiredService<ScoreboardMetrics>().RateLimitHit("service_key");
                http.Response.Headers.RetryAfter = seconds;
                var dialect = http.GetEndpoint()?.Metadata.GetMetadata<DialectMetadata>()?.Dialect ?? Dialect.Seed004;
                return ApiErrors.Result(dialect, Failure.RateLimited, $"Service key '{key}' is over its budget.", new() { ["retryAfterSeconds"] = seconds });
            }

            return await next(context);
        });

    private static void AddValidated<T>(this IServiceCollection services, string section, Func<T, string?> check)
        where T : class
    {
        services.AddOptions<T>().BindConfiguration(section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<T>>(new SettingsCheck<T>(check));
    }
}
