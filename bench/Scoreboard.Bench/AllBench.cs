using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.FileProviders;

namespace Scoreboard.Bench;

/// <summary>
/// <c>all</c>: every target of the speed issue in one run, each next to its baseline measured beside it: embedded and
/// distributed reads and credits against a static file, redis-benchmark and pgbench; credits with one board against
/// four; memory per idle live connection. Prints the table and writes it with charts into docs/BENCHMARKS.md.
/// </summary>
internal static class AllBench
{
    // Instances share their secrets, or distributed start-up refuses.
    private static readonly string[] Secrets = ["--Scoreboard:UserTokens:Secret=bench-jwt-secret-0123456789abcdef0123", "--Scoreboard:Signing:Secret=bench-hmac-secret-0123456789"];
    private static readonly string[] FourBoards = ["daily", "weekly", "monthly"];

    public static async Task<int> RunAsync(string[] args)
    {
        var quick = args.Contains("--quick");
        var runs = Options.Int(args, "--runs", quick ? 1 : 3);
        var seconds = Options.Int(args, "--seconds", quick ? 3 : 8);
        var requests = quick ? 60_000 : 200_000;
        int[] sizes = quick ? [500, 2_000] : [1_000, 5_000, 10_000];
        var window = 100;
        var command = $"dotnet run --project bench/Scoreboard.Bench -c Release -- all{(quick ? " --quick" : "")}";
        await Tools.RequireAsync("wrk", "redis-benchmark", "redis-server", "pgbench", "initdb");
        var report = new Report(command, window);
        Progress.Say("starting PostgreSQL and Redis on loopback");
        await using (var loopback = await Loopback.StartAsync())
        {
            await Baselines.FillAsync(loopback.Redis);
            for (var run = 1; run <= runs; run++)
            {
                Progress.Say($"run {run} of {runs}: embedded");
                await EmbeddedAsync(report, loopback, seconds, requests, run);
                Progress.Say($"run {run} of {runs}: distributed");
                await DistributedAsync(report, loopback, seconds, requests, run);
                Progress.Say($"run {run} of {runs}: one board against four");
                await BoardsAsync(report, loopback, seconds, run);
            }
        }

        foreach (var sse in new[] { false, true })
        {
            foreach (var size in sizes)
            {
                report.Connections.Add(await ConnectionsBench.MeasureAsync(size, sse, credits: quick ? 5 : 10, window));
            }
        }

        Console.WriteLine(report.Table());
        var docs = Options.Text(args, "--docs") ?? Path.Combine(RepositoryRoot(), "docs");
        var charts = Charts.Write(report, Path.Combine(docs, "bench"));
        BenchmarksDoc.WriteSection(Path.Combine(docs, "BENCHMARKS.md"), report.Markdown(runs, charts));
        Progress.Say($"wrote {Path.Combine(docs, "BENCHMARKS.md")} and its charts in {Path.Combine(docs, "bench")}");
        return 0;
    }

    private static async Task EmbeddedAsync(Report report, Loopback loopback, int seconds, int requests, int run)
    {
        var folder = Directory.CreateTempSubdirectory("scoreboard-bench-static-");
        try
        {
            await using var server = await InProcessServer.StartAsync(
                app => app.UseStaticFiles(new StaticFileOptions { FileProvider = new PhysicalFileProvider(folder.FullName), RequestPath = "/bench-static" }), []);
            await SeedAsync(server);
            // The baseline serves the very bytes of a top-10 reply, from the same Kestrel.
            using (var client = server.CreateServiceClient())
            {
                await File.WriteAllBytesAsync(Path.Combine(folder.FullName, "top.json"), await client.GetByteArrayAsync("/scoreboard/top?limit=10"));
            }

            report.Add("static", await Wrk.GetAsync(new Uri(server.Address, "/bench-static/top.json"), seconds));
            report.Add("embedded.top", await Wrk.GetAsync(new Uri(server.Address, "/scoreboard/top?limit=10"), seconds));
            report.Add("redis.zrevrange", await Baselines.TopTenAsync(loopback.Redis, requests));
            report.Add("embedded.rank", await Wrk.RankOfUserAsync(server.Address, seconds, 1000));
            report.Add("redis.zrevrank", await Baselines.RankAsync(loopback.Redis, requests));
            report.Add("embedded.credits", await Wrk.CreditsAsync(server.Address, InProcessServer.ServiceKey, seconds, $"e{run}"));
            report.Add("redis.zincrby", await Baselines.IncrementAsync(loopback.Redis, requests));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static async Task DistributedAsync(Report report, Loopback loopback, int seconds, int requests, int run)
    {
        var database = await loopback.CreateDatabaseAsync($"bench_{run}_{DateTime.UtcNow.Ticks}");
        await using (var server = await InProcessServer.StartAsync([$"--ConnectionStrings:Postgres={database}", $"--ConnectionStrings:Redis={loopback.Redis}",
            $"--Scoreboard:Redis:KeyPrefix=bench{run}", .. Secrets]))
        {
            await SeedAsync(server);
            report.Add("distributed.top", await Wrk.GetAsync(new Uri(server.Address, "/scoreboard/top?limit=10"), seconds));
            report.Add("redis.zrevrange.d", await Baselines.TopTenAsync(loopback.Redis, requests));
            report.Add("distributed.credits", await Wrk.CreditsAsync(server.Address, InProcessServer.ServiceKey, seconds, $"d{run}"));
        }

        report.Add("pgbench", await Baselines.PgbenchAsync(loopback, seconds));
    }

    /// <summary>Issue 10's cost of boards: the same credits with only <c>global</c>, then with daily, weekly and monthly boards too.</summary>
    private static async Task BoardsAsync(Report report, Loopback loopback, int seconds, int run)
    {
        var boards = FourBoards.SelectMany(b => new[] { $"--Scoreboard:Boards:{b}:Period={b}", $"--Scoreboard:Boards:{b}:ActionTypes:0=*" }).ToArray();
        foreach (var (count, settings) in new[] { (1, Array.Empty<string>()), (4, boards) })
        {
            await using (var embedded = await InProcessServer.StartAsync(settings))
            {
                report.Add($"boards.embedded.{count}", await Wrk.CreditsAsync(embedded.Address, InProcessServer.ServiceKey, seconds, $"b{run}"));
            }

            var database = await loopback.CreateDatabaseAsync($"boards_{count}_{run}_{DateTime.UtcNow.Ticks}");
            await using var distributed = await InProcessServer.StartAsync([$"--ConnectionStrings:Postgres={database}", $"--ConnectionStrings:Redis={loopback.Redis}",
                $"--Scoreboard:Redis:KeyPrefix=boards{count}r{run}", .. Secrets, .. settings]);
            report.Add($"boards.distributed.{count}", await Wrk.CreditsAsync(distributed.Address, InProcessServer.ServiceKey, seconds, $"b{run}"));
        }
    }

    /// <summary>1,000 users on the board, so rank-of-user reads find each one and the top 10 is full.</summary>
    private static async Task SeedAsync(InProcessServer server)
    {
        using var client = server.CreateServiceClient();
        await Load.RunAsync(1000, 16, i => client.PostAsync("/scores/increment", Load.Json($$"""{"userId":"user_{{i}}","actionId":"seed_{{i}}"}""")));
    }

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(Environment.CurrentDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Scoreboard.slnx")))
            {
                return folder.FullName;
            }
        }

        throw new BenchException("run from inside the repository, or pass --docs <folder>");
    }
}
