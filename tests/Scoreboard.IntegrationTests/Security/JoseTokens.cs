using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Scoreboard.IntegrationTests.Infrastructure;

namespace Scoreboard.IntegrationTests.Security;

/// <summary>Tokens minted by npm's <c>jose</c> under node: an independent implementation of JWS.</summary>
public static class JoseTokens
{
    private static string Folder => Path.Combine(RepositoryPaths.Root, "tests", "Scoreboard.IntegrationTests", "JoseClient");

    /// <summary>Signs each (alg, kid, key, claims) request; key is the secret for HS*, a PKCS#8 PEM for RS*/ES*.</summary>
    public static async Task<IReadOnlyList<string>> MintAsync(params (string Alg, string? Kid, string Key, JsonObject Claims)[] requests)
    {
        if (!Directory.Exists(Path.Combine(Folder, "node_modules", "jose")))
        {
            throw new InvalidOperationException($"jose is not installed: run 'npm ci' in {Folder} (scripts/test.sh does).");
        }

        var start = new ProcessStartInfo("node", ["mint.mjs"])
        {
            WorkingDirectory = Folder,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var node = Process.Start(start) ?? throw new InvalidOperationException("node did not start");
        var input = new JsonArray(requests.Select(r => (JsonNode)new JsonObject
        {
            ["alg"] = r.Alg, ["kid"] = r.Kid, ["key"] = r.Key, ["claims"] = r.Claims.DeepClone(),
        }).ToArray());
        await node.StandardInput.WriteAsync(input.ToJsonString());
        node.StandardInput.Close();
        var output = node.StandardOutput.ReadToEndAsync();
        var errors = node.StandardError.ReadToEndAsync();
        await node.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        if (node.ExitCode != 0)
        {
            throw new InvalidOperationException($"node mint.mjs failed ({node.ExitCode}): {await errors}");
        }

        return JsonSerializer.Deserialize<string[]>(await output)!;
    }
}
