using System.Diagnostics;
using StackExchange.Redis;

namespace Scoreboard.IntegrationTests.Distributed.History;

/// <summary>The faults the nemesis injects; each happens at least once per run.</summary>
public enum Fault
{
    KillInstance,
    PausePostgres,
    PauseRedis,
    KillPostgres,
    KillRedis,
    FlushRedis,
}

/// <summary>
/// Injects faults into a <see cref="FaultyCluster"/> in an order and with gaps and pauses drawn from a seed, so a
/// failing run can be replayed. Every fault is healed before the next one starts, and before <see cref="RunAsync"/> returns.
/// </summary>
public sealed class Nemesis(FaultyCluster cluster, int seed, TimeSpan clientTimeout)
{
    private readonly Random _random = new(seed);
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly List<string> _events = [];

    /// <summary>What was injected, when (seconds since start) and for how long.</summary>
    public IReadOnlyList<string> Events => _events;

    public IEnumerable<Fault> Injected => _events.Select(e => Enum.Parse<Fault>(e.Split(' ')[1]));

    /// <summary>Every fault once in a seeded order, then seeded faults until <paramref name="duration"/> has passed.</summary>
    public async Task RunAsync(TimeSpan duration)
    {
        var all = Enum.GetValues<Fault>();
        var plan = new Queue<Fault>(all.OrderBy(_ => _random.Next()));
        while (plan.Count > 0 || _clock.Elapsed < duration)
        {
            await Task.Delay(_random.Next(1_500, 4_000));
            var fault = plan.Count > 0 ? plan.Dequeue() : all[_random.Next(all.Length)];
            var started = _clock.Elapsed;
            var detail = await InjectAsync(fault);
            _events.Add($"t+{started.TotalSeconds:F1}s {fault} {detail}, healed after {(_clock.Elapsed - started).TotalSeconds:F1}s");
        }
    }

    private async Task<string> InjectAsync(Fault fault)
    {
        // Pauses outlast the clients' timeout, so requests in flight end unknown and are retried.
        var pause = clientTimeout + TimeSpan.FromMilliseconds(_random.Next(1_000, 3_000));
        switch (fault)
        {
            case Fault.KillInstance:
                var slot = _random.Next(cluster.Count);
                await cluster.KillAsync(slot);
                await Task.Delay(_random.Next(500, 2_000));
                await cluster.RestartAsync(slot);
                return $"kill -9 of instance {slot}, restarted";
            case Fault.PausePostgres:
                await PauseAsync(cluster.Postgres.SignalAsync, pause);
                return $"SIGSTOP of PostgreSQL's process group for {pause.TotalSeconds:F1}s";
            case Fault.PauseRedis:
                await PauseAsync(cluster.Redis.SignalAsync, pause);
                return $"SIGSTOP of Redis for {pause.TotalSeconds:F1}s";
            case Fault.KillPostgres:
                await cluster.Postgres.CrashAsync();
                await Task.Delay(_random.Next(500, 2_000));
                await cluster.Postgres.StartAgainAsync();
                return "SIGKILL of PostgreSQL's process group, restarted on the same data (crash recovery)";
            case Fault.KillRedis:
                cluster.Redis.Kill();
                await Task.Delay(_random.Next(500, 2_000));
                await cluster.Redis.StartAgainAsync();
                return "SIGKILL of Redis, restarted empty";
            default:
                await using (var admin = await ConnectionMultiplexer.ConnectAsync($"{cluster.Redis.ConnectionString},allowAdmin=true"))
                {
                    await admin.GetServers()[0].FlushAllDatabasesAsync();
                }

                return "FLUSHALL of Redis";
        }
    }

    private static async Task PauseAsync(Func<string, Task> signal, TimeSpan pause)
    {
        await signal("STOP");
        try
        {
            await Task.Delay(pause);
        }
        finally
        {
            await signal("CONT");
        }
    }
}
