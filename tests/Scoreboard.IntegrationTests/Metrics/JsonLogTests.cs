using System.Text.Json;
using Scoreboard.IntegrationTests.Infrastructure;

namespace Scoreboard.IntegrationTests.Metrics;

/// <summary><c>LOG_FORMAT=json</c> writes one JSON object per line; applied credits are logged at the operator's level.</summary>
public sealed class JsonLogTests
{
    [Fact]
    public async Task Json_logs_are_one_object_per_line_and_name_each_applied_credit_with_its_action_id_and_caller()
    {
        await using var server = await ScoreboardServer.StartAsync(environment: new Dictionary<string, string?>
        {
            ["LOG_FORMAT"] = "json",
            ["Scoreboard__Logging__AppliedCredits"] = "Information",
        });
        var (user, action) = (Json.NewId("logged"), Json.NewId("log"));

        var (status, _) = await server.CreateServiceClient().PostAsync("/scores/increment", new { userId = user, actionId = action });
        Assert.Equal(200, status);
        await Waiting.UntilAsync(() => server.Output.Contains(action, StringComparison.Ordinal), TimeSpan.FromSeconds(30), "the credit's log line");

        var lines = server.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var entries = lines.Select(line => JsonDocument.Parse(line).RootElement).ToList();
        Assert.All(entries, e => Assert.Equal(JsonValueKind.Object, e.ValueKind));
        Assert.All(entries, e => Assert.True(e.TryGetProperty("Timestamp", out _) && e.TryGetProperty("LogLevel", out _) && e.TryGetProperty("Message", out _)));
        var credit = Assert.Single(entries, e => e.GetProperty("Message").GetString()!.Contains(action, StringComparison.Ordinal));
        Assert.Equal("Information", credit.GetProperty("LogLevel").GetString());
        var state = credit.GetProperty("State");
        Assert.Equal(action, state.GetProperty("ActionId").GetString());
        Assert.Equal(user, state.GetProperty("UserId").GetString());
        var stored = Assert.Single(await Ledger.EventsAsync(server.DatabasePath), e => e.ActionId == action);
        Assert.Equal(stored.Caller, state.GetProperty("Caller").GetString());
    }

    [Fact]
    public async Task Applied_credits_are_not_logged_at_the_default_level()
    {
        await using var server = await ScoreboardServer.StartAsync();
        var action = Json.NewId("quiet");

        await server.CreateServiceClient().PostAsync("/scores/increment", new { userId = Json.NewId("quiet"), actionId = action });
        await server.CreateClient().GetAsync("/health");
        await Task.Delay(TimeSpan.FromSeconds(1));

        Assert.DoesNotContain(action, server.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_log_format_stops_start_up_naming_the_setting()
    {
        var dataDir = Directory.CreateTempSubdirectory("scoreboard-test-").FullName;
        var start = new System.Diagnostics.ProcessStartInfo("dotnet", [Path.Combine(RepositoryPaths.ServerOutput, "Scoreboard.dll"), "--urls", "http://127.0.0.1:0"])
        {
            WorkingDirectory = RepositoryPaths.ServerOutput,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        start.Environment["SCOREBOARD_DATA_DIR"] = dataDir;
        start.Environment["LOG_FORMAT"] = "xml";

        using var process = System.Diagnostics.Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        await output;
        Directory.Delete(dataDir, recursive: true);

        Assert.Equal(2, process.ExitCode);
        Assert.Equal("scoreboard: configuration error: LOG_FORMAT must be json or text (got 'xml').", error.Trim());
    }
}
