using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Npgsql;
using Scoreboard.Crediting;
using Scoreboard.Diagnostics;
using Scoreboard.Live;
using Scoreboard.Ranking;
using Scoreboard.Ranking.Redis;
using Scoreboard.Storage;
using Scoreboard.Storage.Postgres;
using StackExchange.Redis;

namespace Scoreboard;

/// <summary>
/// Distributed mode's wiring, chosen by configuration alone: PostgreSQL configured → the PostgreSQL store; Redis too →
/// the Redis index, bus and outbox relay. Registered before the embedded defaults, which then stay unused.
/// </summary>
public static class DistributedSetup
{
    public static void AddDistributedMode(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var services = builder.Services;
        var postgres = configuration.GetSection(PostgresOptions.Section).Get<PostgresOptions>() ?? new();
        postgres.ConnectionString ??= configuration.GetConnectionString("Postgres");
        var redis = configuration.GetSection(RedisOptions.Section).Get<RedisOptions>() ?? new();
        redis.ConnectionString ??= configuration.GetConnectionString("Redis");

        if (!postgres.IsConfigured)
        {
            // Redis holds derived data only: without the PostgreSQL ledger it has nothing to derive from.
            if (redis.IsConfigured)
            {
                throw new ScoreboardConfigurationException("REDIS_HOST (ConnectionStrings:Redis) needs DB_HOST (ConnectionStrings:Postgres) as well.");
            }

            return;
        }

        if ((postgres.Check() ?? redis.Check()) is { } problem)
        {
            throw new ScoreboardConfigurationException(problem);
        }

        // Checked when serving starts, so migrate and reconcile run without them.
        services.AddSingleton<IValidateOptions<Scoreboard.Security.Tokens.UserTokenOptions>, Scoreboard.Security.Tokens.SharedSecretsRequired>();
        services.AddSingleton(NpgsqlDataSource.Create(postgres.BuildConnectionString()));
        services.AddSingleton<PostgresScoreStore>();
        services.AddSingleton<IScoreStore>(sp => sp.GetRequiredService<PostgresScoreStore>());
        services.AddSingleton<IFlagStore>(sp => sp.GetRequiredService<PostgresScoreStore>());
        services.AddSingleton<PostgresBoard>();
        services.AddSingleton(sp => new BoardStore(async ct => await sp.GetRequiredService<NpgsqlDataSource>().OpenConnectionAsync(ct)));
        var location = new NpgsqlConnectionStringBuilder(postgres.BuildConnectionString());
        services.AddSingleton(new StoreLocation($"postgresql://{location.Host}:{location.Port}/{location.Database}"));
        if (!redis.IsConfigured)
        {
            // One instance on PostgreSQL: the embedded index and bus remain, rebuilt from PostgreSQL at start-up.
            return;
        }

        services.AddSingleton(Options.Create(redis));
        services.AddSingleton<IConnectionMultiplexer>(_ => ConnectionMultiplexer.Connect(redis.Build()));
        services.AddSingleton(new RedisKeys(redis.KeyPrefix));
        services.AddSingleton<RedisRankIndex>();
        services.AddSingleton<FallbackRankIndex>();
        services.AddSingleton<IRankIndex>(sp => sp.GetRequiredService<FallbackRankIndex>());
        services.AddSingleton<RedisBoardBus>();
        services.AddSingleton<IBoardBus>(sp => sp.GetRequiredService<RedisBoardBus>());
        services.AddHostedService(sp => sp.GetRequiredService<RedisBoardBus>());
        services.AddSingleton<Reconciler>();
        // The other boards: one Redis ranking per (board, period), the store's committed standings while Redis is away.
        services.AddSingleton<PostgresBoardRanks>();
        services.AddSingleton<RedisBoardRanks>();
        services.AddSingleton<BoardReconciler>();
        services.AddSingleton<RedisBoardSync>();
        services.AddHostedService(sp => sp.GetRequiredService<RedisBoardSync>());
        services.AddSingleton<IBoardRanks, FallbackBoardRanks>();
        // Limits that hold across instances: credit budgets and the live-connection cap, counted in Redis.
        services.AddSingleton<Scoreboard.Security.Shared.SharedRateCounter>();
        services.AddSingleton<Scoreboard.Security.Shared.SharedConnectionCount>();
        services.AddSingleton<Scoreboard.Security.Limits.ICreditLimits, Scoreboard.Security.Limits.SharedCreditLimits>();
        services.AddSingleton<Scoreboard.Security.Limits.ICooldowns, Scoreboard.Security.Limits.SharedCooldowns>();
        services.AddSingleton<Scoreboard.Security.AntiCheat.IAnomalyWindow, Scoreboard.Security.AntiCheat.SharedAnomalyWindow>();
        services.AddSingleton<SharedLiveConnectionCap>();
        services.AddSingleton<ILiveConnectionCap>(sp => sp.GetRequiredService<SharedLiveConnectionCap>());
        services.AddHostedService(sp => sp.GetRequiredService<SharedLiveConnectionCap>());
        services.AddSingleton<BoardRelay>();
        services.AddHostedService<OutboxRelay>();
        // Degraded, not unhealthy: credits still commit and reads come from PostgreSQL while Redis is away.
        services.AddHealthChecks().AddCheck<RedisHealthCheck>(Health.Redis, HealthStatus.Degraded);
    }
}

/// <summary>Pings Redis for <c>/health</c>.</summary>
public sealed class RedisHealthCheck(IConnectionMultiplexer redis) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await redis.GetDatabase().PingAsync();
            return HealthCheckResult.Healthy("connected");
        }
        catch (Exception ex) when (FallbackRankIndex.IsRedisFailure(ex))
        {
            return new HealthCheckResult(context.Registration.FailureStatus, "disconnected");
        }
    }
}
