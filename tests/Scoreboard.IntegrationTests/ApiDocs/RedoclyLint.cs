using System.Diagnostics;
using System.Text.Json.Nodes;
using Scoreboard.IntegrationTests.Infrastructure;

namespace Scoreboard.IntegrationTests.ApiDocs;

/// <summary>
/// npm's <c>@redocly/cli</c> (pinned in OpenApiLint/package.json, installed by scripts/test.sh), run on a document with
/// its built-in recommended rules, from an empty folder so that no configuration file can turn a rule off.
/// </summary>
public static class RedoclyLint
{
    public static async Task<(int Errors, int Warnings, string Problems)> RunAsync(string document)
    {
        var cli = Path.Combine(RepositoryPaths.Root, "tests", "Scoreboard.IntegrationTests", "OpenApiLint", "node_modules", "@redocly", "cli", "bin", "cli.js");
        if (!File.Exists(cli))
        {
            throw new InvalidOperationException("@redocly/cli is not installed: run `bash scripts/test.sh`, or `npm ci` in tests/Scoreboard.IntegrationTests/OpenApiLint.");
        }

        var folder = Directory.CreateTempSubdirectory("scoreboard-lint-").FullName;
        try
        {
            var file = Path.Combine(folder, "openapi.json");
            await File.WriteAllTextAsync(file, document);
            var start = new ProcessStartInfo("node", [cli, "lint", "--format=json", "--extends=recommended", file])
            {
                WorkingDirectory = folder,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            start.Environment["REDOCLY_TELEMETRY"] = "off";
            start.Environment["REDOCLY_SUPPRESS_UPDATE_NOTICE"] = "true";
            using var process = Process.Start(start) ?? throw new InvalidOperationException("node did not start");
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(120));
            var report = JsonNode.Parse(await output) ?? throw new InvalidOperationException($"redocly printed no report: {await error}");
            var totals = report["totals"]!;
            var problems = string.Join("\n", report["problems"]!.AsArray().Select(p =>
                $"{p!["severity"]} {p["ruleId"]}: {p["message"]} at {p["location"]?[0]?["pointer"]}"));
            return ((int)totals["errors"]!, (int)totals["warnings"]!, problems);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
