using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Scoreboard.IntegrationTests.Infrastructure;

namespace Scoreboard.IntegrationTests.Distributed.History;

/// <summary>
/// Concurrent backends crediting users through 004's <c>POST /scores/increment</c>, each recording every attempt's
/// outcome. An unknown attempt (timeout, dropped connection) is retried with the same action id, on whichever instance
/// is up, until it gets a definite answer or the run gives up on it.
/// </summary>
public sealed class CreditClients(FaultyCluster cluster, int seed, int users, TimeSpan timeout)
{
    /// <summary>Bounds the history whatever the rate: a run that reaches it stops sending new credits.</summary>
    public const int MaxAttempts = 200_000;

    private readonly ConcurrentQueue<Attempt> _history = new();

    public IReadOnlyCollection<Attempt> History => _history;

    public string UserId(int n) => $"h{seed}_u{n}";

    /// <summary>Runs <paramref name="workers"/> clients: new credits until <paramref name="stopNew"/>, retries until <paramref name="giveUp"/>.</summary>
    public Task RunAsync(int workers, CancellationToken stopNew, CancellationToken giveUp) =>
        Task.WhenAll(Enumerable.Range(0, workers).Select(w => Task.Run(() => WorkerAsync(w, stopNew, giveUp), CancellationToken.None)));

    /// <summary>One credit, retried while unknown; returns its last attempt.</summary>
    public async Task<Attempt> CreditAsync(HttpClient client, string actionId, string userId, int next, CancellationToken giveUp)
    {
        while (true)
        {
            var server = cluster.Pick(next++);
            if (server is not null)
            {
                var attempt = await AttemptAsync(client, server.BaseAddress, actionId, userId);
                _history.Enqueue(attempt);
                if (attempt.Outcome != Outcome.Unknown || giveUp.IsCancellationRequested)
                {
                    return attempt;
                }
            }

            await Task.Delay(200, CancellationToken.None);
        }
    }

    private async Task WorkerAsync(int worker, CancellationToken stopNew, CancellationToken giveUp)
    {
        var random = new Random(seed + worker);
        using var client = new HttpClient { Timeout = timeout };
        client.DefaultRequestHeaders.Add("X-API-KEY", ScoreboardServer.ApiKey);
        for (var n = 0; !stopNew.IsCancellationRequested && _history.Count < MaxAttempts; n++)
        {
            await CreditAsync(client, $"h{seed}-{worker}-{n}", UserId(random.Next(users)), random.Next(), giveUp);
        }
    }

    private static async Task<Attempt> AttemptAsync(HttpClient client, Uri server, string actionId, string userId)
    {
        try
        {
            using var response = await client.PostAsync(new Uri(server, "/scores/increment"), Json.Body(new { userId, actionId }));
            var text = await response.Content.ReadAsStringAsync();
            var status = (int)response.StatusCode;
            if (status == 200)
            {
                var body = JsonNode.Parse(text)!;
                return new(actionId, userId, Outcome.Ok, "200", (bool)body["applied"]!, (long)body["delta"]!);
            }

            // A refusal counts as definite only when the reply says nothing was applied; any other error promises nothing.
            var definite = status is >= 400 and < 500 || text.Contains("nothing was applied", StringComparison.Ordinal);
            return new(actionId, userId, definite ? Outcome.Refused : Outcome.Unknown, $"{status} {text}");
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException)
        {
            return new(actionId, userId, Outcome.Unknown, ex.GetType().Name);
        }
    }
}
