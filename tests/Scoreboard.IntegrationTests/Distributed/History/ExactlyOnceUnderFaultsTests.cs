using System.Globalization;
using Xunit.Abstractions;

namespace Scoreboard.IntegrationTests.Distributed.History;

/// <summary>
/// Credits from concurrent clients while a seeded nemesis kills and pauses instances, PostgreSQL and Redis; then the
/// <see cref="HistoryChecker"/> judges the history against the ledger, the index and the live clients.
/// <c>SCOREBOARD_HISTORY_SEED</c> replays a run's faults; <c>SCOREBOARD_HISTORY_SECONDS</c> makes it longer.
/// </summary>
[Collection(DistributedCollection.Name)]
[Trait("Backend", "distributed")]
public sealed class ExactlyOnceUnderFaultsTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan ClientTimeout = TimeSpan.FromSeconds(3);
    private FaultyCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await FaultyCluster.StartAsync();

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task Credits_under_faults_are_applied_exactly_once_and_every_view_converges()
    {
        var seed = Setting("SCOREBOARD_HISTORY_SEED") ?? Random.Shared.Next(1, 1_000_000);
        var seconds = Setting("SCOREBOARD_HISTORY_SECONDS") ?? 60;
        output.WriteLine($"history seed {seed} (replay with SCOREBOARD_HISTORY_SEED={seed}); faults for {seconds}s");
        var clients = new CreditClients(_cluster, seed, users: 24, ClientTimeout);
        long points;
        using (var client = new HttpClient { Timeout = ClientTimeout })
        {
            client.DefaultRequestHeaders.Add("X-API-KEY", Infrastructure.ScoreboardServer.ApiKey);
            var first = await clients.CreditAsync(client, $"h{seed}-first", clients.UserId(0), 0, CancellationToken.None);
            Assert.True(first.Applied, first.Detail);
            points = first.Delta!.Value;
        }

        using var stopLive = new CancellationTokenSource();
        var watchers = Enumerable.Range(0, 3).Select(i => new LiveWatcher(_cluster, i)).ToList();
        var watching = Task.WhenAll(watchers.Select(w => Task.Run(() => w.RunAsync(stopLive.Token), CancellationToken.None)));
        using var stopNew = new CancellationTokenSource();
        using var giveUp = new CancellationTokenSource();
        var nemesis = new Nemesis(_cluster, seed, ClientTimeout);
        output.WriteLine($"faults start at {DateTime.UtcNow:HH:mm:ss.f}");
        var load = clients.RunAsync(workers: 6, stopNew.Token, giveUp.Token);
        try
        {
            await nemesis.RunAsync(TimeSpan.FromSeconds(seconds));
            // Load goes on for a while on the healed cluster; then unknown credits get a bounded time to settle.
            await Task.Delay(TimeSpan.FromSeconds(3));
        }
        finally
        {
            await stopNew.CancelAsync();
            giveUp.CancelAfter(TimeSpan.FromSeconds(20));
            await load;
            foreach (var e in nemesis.Events)
            {
                output.WriteLine(e);
            }
        }

        Assert.Equal(Enum.GetValues<Fault>().Order(), nemesis.Injected.Distinct().Order());
        var store = new HistoryStore(_cluster.PostgresConnection, _cluster.Redis.ConnectionString, FaultyCluster.Prefix, boardSize: 10);
        var history = clients.History.ToList();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        IReadOnlyList<string> problems;
        while (true)
        {
            // The index and the live boards catch up by themselves (outbox relay, pushes); the ledger is final.
            var facts = await store.ReadAsync(history, points, $"h{seed}-", watchers.ConvertAll(w => w.Board));
            problems = HistoryChecker.Check(facts);
            if (problems.Count == 0 || DateTime.UtcNow > deadline)
            {
                break;
            }

            await Task.Delay(500);
        }

        await stopLive.CancelAsync();
        await watching;
        var credits = history.GroupBy(a => a.ActionId).Select(g => g.Any(a => a.Outcome == Outcome.Ok) ? Outcome.Ok
            : g.All(a => a.Outcome == Outcome.Refused) ? Outcome.Refused : Outcome.Unknown).ToList();
        output.WriteLine($"{history.Count} attempts ({Counts(history.Select(a => a.Outcome))}); {credits.Count} credits ({Counts(credits)}); " +
            $"live clients: {string.Join("; ", watchers.Select(w => w.Summary))}");
        output.WriteLine($"live client 0's pauses: {string.Join(", ", watchers[0].Stalls)}");
        Assert.True(problems.Count == 0, $"seed {seed}: {problems.Count} violations:\n{string.Join("\n", problems.Take(20))}\n" +
            $"faults:\n{string.Join("\n", nemesis.Events)}");
        // The faults reached the clients: some attempts timed out and were retried, and most credits were acknowledged.
        Assert.Contains(history, a => a.Outcome == Outcome.Unknown);
        Assert.True(credits.Count(c => c == Outcome.Ok) > credits.Count / 2, Counts(credits));
    }

    private static string Counts(IEnumerable<Outcome> outcomes) =>
        string.Join(", ", outcomes.GroupBy(o => o).OrderBy(g => g.Key).Select(g => $"{g.Key.ToString().ToLowerInvariant()} {g.Count()}"));

    private static int? Setting(string name) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;
}
