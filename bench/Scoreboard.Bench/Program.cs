using Scoreboard.Bench;

try
{
    return await RunAsync(args);
}
catch (BenchException ex)
{
    Console.Error.WriteLine($"bench: {ex.Message}");
    return 1;
}

static async Task<int> RunAsync(string[] args) => args.FirstOrDefault() switch
{
    "all" => await AllBench.RunAsync(args[1..]),
    "rebuild" => await RebuildBench.RunAsync(args[1..]),
    "credits" => await CreditBench.RunAsync(args[1..]),
    "live" => await LiveBench.RunAsync(args[1..]),
    "connections" => await ConnectionsBench.RunAsync(args[1..]),
    "viewers" => await ViewersBench.RunAsync(args[1..]),
    "viewers-client" => await ViewersClient.RunAsync(args[1..]),
    "user-credits" => await UserCreditBench.RunAsync(args[1..]),
    "distributed" => await DistributedBench.RunAsync(args[1..]),
    "soak-server" => await SoakBench.ServeAsync(args[1..]),
    "soak-load" => await SoakBench.LoadAsync(args[1..]),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("""
        usage: dotnet run -c Release --project bench/Scoreboard.Bench -- <command> [options]
          all [--quick] [--runs R] [--seconds S]      every speed target against its baseline in one run (wrk, redis-benchmark,
                                                      pgbench; PostgreSQL and Redis started on loopback); prints the table and
                                                      writes it with charts into docs/BENCHMARKS.md
          rebuild [--users N] [--runs R]              rank index rebuild time, against a plain sort of the same data
          credits [--credits N] [--concurrency C] [--runs R]
                                                      credits/s through a real server (embedded mode, SQLite FULL),
                                                      against raw SQLite one-transaction-per-insert in the same run
          live [--clients N] [--credits C] [--runs R] [--window-ms W]
                                                      push latency credit→client with N WebSocket clients, against
                                                      1 client in the same run; server memory per idle connection
          connections [--clients N] [--sse] [--credits C] [--hold S]
                                                      server memory per idle WebSocket (or SSE) viewer from 127.0.0.2…, and
                                                      credit→viewer latency; --hold keeps them open S seconds for a profiler
          viewers [--instances I] [--viewers N] [--seconds S] [--minutes M]
                                                      N WebSocket + SSE viewers over I distributed instances on this machine,
                                                      one credit a second: deliveries/s, p50/p99, memory per connection
                                                      (time-boxed to M minutes; never in CI)
          user-credits [--credits N] [--concurrency C] [--runs R]
                                                      signed 003 credits with JWTs, against service-key credits
                                                      to the same server in the same run
          distributed --pg <connection string> --redis <host:port> [--credits N] [--reads N] [--concurrency C]
                                                      credits/s and top-10 reads/s through 1 and 3 instances on PostgreSQL
                                                      + Redis, against pgbench and redis-benchmark in the same run
                                                      (scripts/bench-distributed.sh starts throwaway servers for it)
          soak-server [--minutes M] [--Scoreboard:…=…]  the server in this process, printing RSS and GC heap each minute
          soak-load --url U [--minutes M] [--clients N] mixed credits, reads and N churning live clients against U
                                                      (scripts/soak.sh runs both for 30 minutes)
        """);
    return 2;
}
