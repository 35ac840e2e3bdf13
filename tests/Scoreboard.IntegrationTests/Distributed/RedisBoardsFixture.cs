using Scoreboard.IntegrationTests.Boards;
using Scoreboard.IntegrationTests.Infrastructure;
using StackExchange.Redis;

namespace Scoreboard.IntegrationTests.Distributed;

/// <summary>
/// Two instances with the boards of <see cref="BoardsFixture"/> on the run's PostgreSQL and a Redis of their own, so a
/// test may flush it without touching other tests' servers.
/// </summary>
public sealed class RedisBoardsFixture : IAsyncLifetime
{
    public const string Prefix = "boards";

    public RedisServer Redis { get; private set; } = null!;

    public List<ScoreboardServer> Servers { get; private set; } = [];

    public string Postgres { get; private set; } = null!;

    public ConnectionMultiplexer Multiplexer { get; private set; } = null!;

    public BoardRankings Rankings => new(Postgres, Multiplexer, Prefix);

    public async Task InitializeAsync()
    {
        Redis = await RedisServer.StartAsync();
        (Postgres, Servers) = await StartInstancesAsync(Redis.ConnectionString, Prefix);
        Multiplexer = await ConnectionMultiplexer.ConnectAsync($"{Redis.ConnectionString},allowAdmin=true");
    }

    public async Task DisposeAsync()
    {
        await Multiplexer.DisposeAsync();
        await Instances.DisposeAsync(Servers);
        await Redis.DisposeAsync();
    }

    /// <summary>Two instances with <see cref="BoardsFixture"/>'s boards on a new database of the run's PostgreSQL and <paramref name="redis"/>.</summary>
    public static async Task<(string Postgres, List<ScoreboardServer> Servers)> StartInstancesAsync(string redis, string prefix)
    {
        var postgres = await (await DistributedBackend.PostgresAsync()).CreateDatabaseAsync(Json.NewId("sb_boards"));
        var environment = DistributedBackend.Environment(postgres, redis, prefix);
        foreach (var (name, value) in BoardsFixture.Environment())
        {
            environment[name] = value;
        }

        // Two-second periods, one ended period kept: pruning can be watched within a test.
        environment["Scoreboard__Boards__ticks__ActionTypes__0"] = "LEVEL_UP";
        environment["Scoreboard__Boards__ticks__Period"] = "cron:*/2 * * * * *";
        environment["Scoreboard__Boards__ticks__KeepPeriods"] = "1";
        return (postgres, await Instances.StartAsync(2, environment));
    }

    /// <summary>The configured boards other than global, with their types, operator and order.</summary>
    public static IEnumerable<BoardRule> OtherBoards => BoardsFixture.Boards.Where(b => b.Id != "global");
}
