using System.Collections.Concurrent;
using Scoreboard.IntegrationTests.Infrastructure;

namespace Scoreboard.IntegrationTests.Distributed;

/// <summary>
/// A bounded burst of credits with fresh action ids, spread over servers, as many clients at once. Records which
/// credits got a success reply; anything else (503, a dropped connection) is unacknowledged and may be retried by a client.
/// </summary>
public sealed class Burst(IReadOnlyList<ScoreboardServer> servers, int users = 20)
{
    private readonly ConcurrentBag<string> _acknowledged = [];
    private readonly ConcurrentBag<int> _statuses = [];
    private readonly ConcurrentBag<string> _retryAfter = [];
    private int _sent;

    public IReadOnlyCollection<string> Acknowledged => _acknowledged;

    public IReadOnlyCollection<int> Statuses => _statuses;

    /// <summary>Retry-After values of the 503 replies.</summary>
    public IReadOnlyCollection<string> RetryAfter => _retryAfter;

    /// <summary>Which servers receive credits; a test narrows it after killing one.</summary>
    public Func<int, bool> Targets { get; set; } = _ => true;

    /// <summary>Sends <paramref name="count"/> credits with <paramref name="concurrency"/> clients; bounded by count and time.</summary>
    public async Task RunAsync(int count, int concurrency = 8, CancellationToken stop = default)
    {
        // Bounded in time as well as in count, whatever happens to the servers.
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var clients = servers.Select(s => s.CreateServiceClient()).ToArray();
        foreach (var client in clients)
        {
            client.Timeout = TimeSpan.FromSeconds(10);
        }

        try
        {
            await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async worker =>
            {
                for (var n = 0; n < count / concurrency && !stop.IsCancellationRequested && !deadline.IsCancellationRequested; n++)
                {
                    var i = Interlocked.Increment(ref _sent);
                    var target = Enumerable.Range(0, servers.Count).Select(k => (i + k) % servers.Count).First(Targets);
                    var action = Json.NewId("burst");
                    try
                    {
                        using var response = await clients[target].PostAsync("/scores/increment",
                            Json.Body(new { userId = $"user_{i % users}", actionId = action }), CancellationToken.None);
                        _statuses.Add((int)response.StatusCode);
                        if (response.IsSuccessStatusCode)
                        {
                            _acknowledged.Add(action);
                        }
                        else
                        {
                            if (response.Headers.RetryAfter is { } retry)
                            {
                                _retryAfter.Add(retry.ToString());
                            }

                            // A real client backs off; a short pause keeps the burst from spinning on refusals.
                            await Task.Delay(50, CancellationToken.None);
                        }
                    }
                    catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                    {
                        // The server died or hung up: no reply, no acknowledgement.
                        _statuses.Add(0);
                        await Task.Delay(20, CancellationToken.None);
                    }
                }
            }));
        }
        finally
        {
            foreach (var client in clients)
            {
                client.Dispose();
            }
        }
    }
}
