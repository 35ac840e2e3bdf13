using System.Globalization;
using System.Text.RegularExpressions;

namespace Scoreboard.Bench;

/// <summary>One load run's figures: requests (or operations) per second and latency percentiles in milliseconds.</summary>
internal sealed record LoadResult(double Rate, double P50, double P90, double P99);

/// <summary>
/// wrk with the arguments every HTTP figure shares (2 threads, 50 connections), so ours and the baselines differ only
/// in what answers. A reply other than 2xx stops the bench: a rate of refusals measures nothing. Every measured run
/// follows a discarded warm-up run of the same load, so the figure is the server's steady state, not its JIT compiler's.
/// </summary>
internal static partial class Wrk
{
    public const int Threads = 2;
    public const int Connections = 50;

    // Service-key credits with action ids unique to a run (args[1]) and wrk thread, for 1,000 users.
    private const string CreditScript = """
        local counter = 0
        local threads = 0
        function setup(thread) threads = threads + 1; thread:set("tid", threads) end
        function init(args) prefix = args[1] .. "_" .. tid .. "_"; key = args[2] end
        request = function()
          counter = counter + 1
          local body = '{"userId":"user_' .. (counter % 1000) .. '","actionId":"' .. prefix .. counter .. '"}'
          return wrk.format("POST", nil, {["Content-Type"] = "application/json", ["X-API-KEY"] = key}, body)
        end
        """;

    public static async Task<LoadResult> GetAsync(Uri url, int seconds, string? script = null, params string[] scriptArgs)
    {
        await RunAsync(url, WarmupSeconds(seconds), script, scriptArgs);
        return await RunAsync(url, seconds, script, scriptArgs);
    }

    /// <summary>Service-key credits, each with an action id unique to this run, for 1,000 users (as the other credit benches).</summary>
    public static async Task<LoadResult> CreditsAsync(Uri server, string key, int seconds, string runId)
    {
        // The warm-up's action ids differ from the measured run's, so no measured credit is a replay.
        var url = new Uri(server, "/scores/increment");
        await RunAsync(url, WarmupSeconds(seconds), CreditScript, $"{runId}w", key);
        return await RunAsync(url, seconds, CreditScript, runId, key);
    }

    private static int WarmupSeconds(int seconds) => Math.Clamp(seconds / 2, 2, 5);

    private static async Task<LoadResult> RunAsync(Uri url, int seconds, string? script, params string[] scriptArgs)
    {
        string[] args = ["-t", $"{Threads}", "-c", $"{Connections}", "-d", $"{seconds}s", "--latency"];
        var file = script is null ? null : Path.GetTempFileName();
        try
        {
            if (file is not null)
            {
                await File.WriteAllTextAsync(file, script);
                args = [.. args, "-s", file];
            }

            var output = await Tools.RunAsync("wrk", [], [.. args, url.ToString(), .. scriptArgs.Length > 0 ? ["--", .. scriptArgs] : Array.Empty<string>()]);
            if (NonSuccess().Match(output) is { Success: true } refused)
            {
                throw new BenchException($"wrk {url}: {refused.Groups[1].Value} replies were not 2xx (rate limit or failure?):\n{output}");
            }

            return new(Number(RequestsPerSecond().Match(output).Groups[1].Value), Latency(output, "50"), Latency(output, "90"), Latency(output, "99"));
        }
        finally
        {
            if (file is not null)
            {
                File.Delete(file);
            }
        }
    }

    /// <summary>Rank-of-user reads of random users among <paramref name="users"/> (user_0…).</summary>
    public static Task<LoadResult> RankOfUserAsync(Uri server, int seconds, int users) => GetAsync(server, seconds, """
        function init(args) users = tonumber(args[1]) end
        request = function() return wrk.format("GET", "/api/v1/scores/user/user_" .. math.random(0, users - 1)) end
        """, $"{users}");

    private static double Latency(string output, string percent)
    {
        var match = Regex.Match(output, $@"^\s+{percent}%\s+([\d.]+)(us|ms|s)\s*$", RegexOptions.Multiline);
        var value = Number(match.Groups[1].Value);
        return match.Groups[2].Value switch { "us" => value / 1000, "s" => value * 1000, _ => value };
    }

    public static double Number(string text) => double.Parse(text, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"Requests/sec:\s+([\d.]+)")]
    private static partial Regex RequestsPerSecond();

    [GeneratedRegex(@"Non-2xx or 3xx responses: (\d+)")]
    private static partial Regex NonSuccess();
}
