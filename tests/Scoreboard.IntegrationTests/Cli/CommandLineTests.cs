using System.Net.Http.Headers;
using Scoreboard.IntegrationTests.Infrastructure;

namespace Scoreboard.IntegrationTests.Cli;

/// <summary>The verbs as a whole: help, version, refusals, settings passed through to the server, tokens.</summary>
public sealed class CommandLineTests
{
    [Theory]
    [InlineData("bogus")]
    [InlineData("--bogus")]
    [InlineData("keys", "bogus")]
    [InlineData("serve", "--port", "3000")]
    public async Task An_unknown_verb_or_option_prints_help_and_exits_2_without_serving(params string[] args)
    {
        using var folder = Cli.NewFolder();

        var result = await Cli.RunAsync(folder.Path, args);

        Assert.True(result.Exit == 2, result.ToString());
        Assert.Contains("Usage:", result.Output, StringComparison.Ordinal);
        Assert.Contains(args[^1] == "3000" ? "--port" : args[^1], result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("Now listening", result.Output, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(folder.Path));
    }

    [Theory]
    [InlineData("serve")]
    [InlineData("migrate")]
    [InlineData("reconcile")]
    [InlineData("keys")]
    [InlineData("keys", "create")]
    [InlineData("keys", "list")]
    [InlineData("keys", "revoke")]
    [InlineData("tokens", "mint")]
    [InlineData("backup")]
    [InlineData("restore")]
    public async Task Every_verb_has_help(params string[] verb)
    {
        using var folder = Cli.NewFolder();

        var result = await Cli.RunAsync(folder.Path, [.. verb, "--help"]);

        Assert.True(result.Exit == 0, result.ToString());
        Assert.Contains($"Usage:\n  Scoreboard {string.Join(' ', verb)}", result.Output.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(folder.Path));
    }

    [Fact]
    public async Task Version_prints_the_version()
    {
        using var folder = Cli.NewFolder();

        var result = await Cli.RunAsync(folder.Path, "--version");

        Assert.True(result.Exit == 0, result.ToString());
        Assert.Matches(@"^\d+\.\d+\.\d+", Assert.Single(result.OutputLines));
    }

    [Fact]
    [Trait("Backend", "embedded")]
    public async Task Settings_on_the_command_line_still_reach_the_server()
    {
        using var colon = Cli.NewFolder();
        using var underscores = Cli.NewFolder();

        await using (var server = await ScoreboardServer.StartAsync(args: $"--Scoreboard:Storage:DataDir={colon.Path}"))
        {
            Assert.Contains($"Store ready at {colon.Path}", server.Output, StringComparison.Ordinal);
        }

        await using (var server = await ScoreboardServer.StartAsync(args: ["serve", "--Scoreboard__Storage__DataDir", underscores.Path]))
        {
            Assert.Contains($"Store ready at {underscores.Path}", server.Output, StringComparison.Ordinal);
        }
    }

    [Fact]
    [Trait("Backend", "embedded")]
    public async Task Reconcile_in_embedded_mode_says_there_is_nothing_to_reconcile()
    {
        using var folder = Cli.NewFolder();

        var result = await Cli.RunAsync(folder.Path, "reconcile");

        Assert.True(result.Exit == 0, result.ToString());
        Assert.Contains("nothing to reconcile", result.Output, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(folder.Path));
    }

    [Fact]
    public async Task Tokens_mint_signs_with_JWT_SECRET_and_refuses_without_it()
    {
        var environment = new Dictionary<string, string?> { ["JWT_SECRET"] = "cli-test-jwt-secret-0123456789abcdef0123", ["Scoreboard__Signing__Mode"] = "PerUser" };
        await using var server = await ScoreboardServer.StartAsync(environment: environment);

        var minted = await Cli.RunAsync(server.DataDir, environment, "tokens", "mint", "--user", "user-7");
        var wrong = await Cli.RunAsync(server.DataDir, new Dictionary<string, string?> { ["JWT_SECRET"] = "another-jwt-secret-0123456789abcdef0123" }, "tokens", "mint", "--user", "user-7");
        using var folder = Cli.NewFolder();
        var refused = await Cli.RunAsync(folder.Path, new Dictionary<string, string?> { ["JWT_SECRET"] = "" }, "tokens", "mint", "--user", "user-7");

        Assert.True(minted.Exit == 0, minted.ToString());
        Assert.Equal(200, await SigningKeyStatusAsync(server, Assert.Single(minted.OutputLines)));
        Assert.Equal(401, await SigningKeyStatusAsync(server, Assert.Single(wrong.OutputLines)));
        Assert.Equal(2, refused.Exit);
        Assert.Contains("JWT_SECRET", Assert.Single(refused.ErrorLines), StringComparison.Ordinal);
        Assert.Empty(refused.Output);
    }

    private static async Task<int> SigningKeyStatusAsync(ScoreboardServer server, string token)
    {
        using var client = server.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/signing/key");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return (int)(await client.SendAsync(request)).StatusCode;
    }
}
