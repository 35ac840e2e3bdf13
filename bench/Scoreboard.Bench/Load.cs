using System.Diagnostics;
using System.Text;

namespace Scoreboard.Bench;

/// <summary>A closed-loop load: a fixed number of workers, each sending its next request as soon as the last is answered.</summary>
internal static class Load
{
    /// <summary>Sends requests 0…count−1 from <paramref name="concurrency"/> workers; returns requests per second. Any failure stops the run.</summary>
    public static async Task<double> RunAsync(int count, int concurrency, Func<int, Task<HttpResponseMessage>> send)
    {
        var next = -1;
        var stopwatch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                using var response = await send(i);
                response.EnsureSuccessStatusCode();
            }
        }));
        return count / stopwatch.Elapsed.TotalSeconds;
    }

    public static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");
}
