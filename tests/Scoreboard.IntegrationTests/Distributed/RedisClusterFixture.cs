using Scoreboard.IntegrationTests.Infrastructure;
using Scoreboard.IntegrationTests.Security;

namespace Scoreboard.IntegrationTests.Distributed;

/// <summary>
/// Two instances on a real three-master Redis Cluster (and the run's PostgreSQL), started once for the cluster tests.
/// StackExchange.Redis is given every node and follows the slot map itself.
/// </summary>
public sealed class RedisClusterFixture : IAsyncLifetime
{
    public const int PerUser = 4;
    public const string Prefix = "cluster";

    public RedisCluster Cluster { get; private set; } = null!;

    public List<ScoreboardServer> Servers { get; private set; } = [];

    public Dictionary<string, string?> Environment { get; private set; } = null!;

    public ClusterLedger Ledger => new(Environment["ConnectionStrings__Postgres"]!, Cluster.ConnectionString, Prefix);

    public async Task InitializeAsync()
    {
        Cluster = await RedisCluster.StartAsync();
        var postgres = await DistributedBackend.PostgresAsync();
        Environment = DistributedBackend.Environment(await postgres.CreateDatabaseAsync(Json.NewId("sb_cluster")), Cluster.ConnectionString, Prefix);
        Environment["JWT_SECRET"] = SecurityFixture.JwtSecret;
        Environment["HMAC_SECRET_KEY"] = SecurityFixture.HmacSecret;
        Environment["RATE_LIMIT_MAX_REQUESTS"] = PerUser.ToString(System.Globalization.CultureInfo.InvariantCulture);
        // A long window, so that it cannot end while the test runs on a slow machine.
        Environment["RATE_LIMIT_WINDOW_MS"] = "3600000";
        Servers = await Instances.StartAsync(2, Environment);
    }

    public async Task DisposeAsync()
    {
        await Instances.DisposeAsync(Servers);
        await Cluster.DisposeAsync();
    }
}
