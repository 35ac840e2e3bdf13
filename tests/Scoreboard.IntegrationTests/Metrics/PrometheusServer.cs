using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Scoreboard.IntegrationTests.Infrastructure;

namespace Scoreboard.IntegrationTests.Metrics;

/// <summary>
/// A real Prometheus (Debian's package) on a free loopback port, scraping one server's <c>/metrics</c> every second
/// with a configuration generated here. Its data folder is temporary and removed on dispose.
/// </summary>
public sealed class PrometheusServer : IAsyncDisposable
{
    public const string Job = "scoreboard";

    private readonly Process _process;
    private readonly string _root;
    private readonly HttpClient _client;

    private PrometheusServer(Process process, string root, int port)
    {
        (_process, _root) = (process, root);
        _client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };
    }

    public static async Task<PrometheusServer> StartAsync(Uri target, string? bearer = null)
    {
        var binary = new[] { "/usr/bin/prometheus", "/usr/local/bin/prometheus" }.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("prometheus is not installed: run `bash scripts/test.sh`, which installs it.");
        var root = Directory.CreateTempSubdirectory("scoreboard-prometheus-").FullName;
        var port = FreePort.Next();
        var authorization = bearer is null ? "" : $"\n    authorization:\n      credentials: '{bearer}'";
        await File.WriteAllTextAsync(Path.Combine(root, "prometheus.yml"), $"""
            global:
              scrape_interval: 1s
              scrape_timeout: 1s
            scrape_configs:
              - job_name: {Job}
                metrics_path: /metrics
                static_configs:
                  - targets: ['{target.Host}:{target.Port}']{authorization}
            """);

        var start = new ProcessStartInfo(binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
        {
            $"--config.file={Path.Combine(root, "prometheus.yml")}", $"--storage.tsdb.path={Path.Combine(root, "data")}",
            $"--web.listen-address=127.0.0.1:{port}",
        })
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("prometheus did not start");
        // Its log goes to stderr; drained so a full pipe never blocks it.
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new PrometheusServer(process, root, port);
        try
        {
            await Waiting.UntilAsync(async () => process.HasExited || await server.ReadyAsync(), TimeSpan.FromSeconds(60), "prometheus to be ready");
            if (process.HasExited)
            {
                throw new InvalidOperationException($"prometheus exited with {process.ExitCode}");
            }
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        return server;
    }

    /// <summary>
    /// The value of an instant query (PromQL) through the HTTP API; null when it matches no series. The query names a
    /// single series or aggregates (<c>sum(...)</c>).
    /// </summary>
    public async Task<double?> QueryAsync(string promql)
    {
        using var response = await _client.GetAsync($"/api/v1/query?query={Uri.EscapeDataString(promql)}");
        response.EnsureSuccessStatusCode();
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("success", (string?)body["status"]);
        var result = body["data"]!["result"]!.AsArray();
        return result.Count == 0 ? null : double.Parse((string)result[0]!["value"]![1]!, CultureInfo.InvariantCulture);
    }

    /// <summary>Whether Prometheus's last scrape of the server succeeded (<c>up == 1</c>).</summary>
    public async Task<bool> ScrapesAsync() => await QueryAsync($"up{{job=\"{Job}\"}}") == 1;

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        Directory.Delete(_root, recursive: true);
    }

    private async Task<bool> ReadyAsync()
    {
        try
        {
            using var response = await _client.GetAsync("/-/ready");
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }
}
