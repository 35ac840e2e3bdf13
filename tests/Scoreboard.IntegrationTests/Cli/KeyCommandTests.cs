using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Scoreboard.IntegrationTests.Infrastructure;

namespace Scoreboard.IntegrationTests.Cli;

/// <summary><c>keys create | list | revoke</c> against the store a running server uses (SQLite, or PostgreSQL).</summary>
public sealed partial class KeyCommandTests
{
    // Short, so a test sees a created or revoked key take effect quickly; the bound itself is what is checked.
    private static readonly Dictionary<string, string?> FastRefresh = new() { ["Scoreboard__ServiceKeys__RefreshSeconds"] = "1" };

    [Fact]
    public async Task A_created_key_is_printed_once_stored_hashed_and_credits_only_its_types()
    {
        await using var server = await ScoreboardServer.StartAsync(environment: FastRefresh);

        var created = await Cli.RunAsync(server.DataDir, "keys", "create", "--name", "shop", "--action-types", "ACTION_COMPLETED");

        Assert.True(created.Exit == 0, created.ToString());
        var secret = Assert.Single(created.OutputLines);
        Assert.Matches(KeyShape(), secret);
        using var shop = server.CreateClient();
        shop.DefaultRequestHeaders.Add("X-API-KEY", secret);
        await Waiting.UntilAsync(async () => (await shop.PostAsync("/scores/increment", new { userId = "ann", actionId = Json.NewId("a") })).Status == 200,
            TimeSpan.FromSeconds(30), "the running server to accept the new key");
        Assert.Equal(403, (await shop.PostAsync("/scores", new { user_id = "550e8400-e29b-41d4-a716-446655440000", action_id = "complete_level_5" })).Status);
        var stored = await StoredKeysAsync(server.DatabasePath);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret))), stored["shop"]);
        Assert.DoesNotContain(secret, (await Cli.RunAsync(server.DataDir, "keys", "list")).Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_revoked_key_stops_working_on_a_running_server_within_the_refresh_interval()
    {
        await using var server = await ScoreboardServer.StartAsync(environment: FastRefresh);
        var secret = (await Cli.RunAsync(server.DataDir, "keys", "create", "--name", "ci", "--action-types", "*")).OutputLines.Single();
        using var ci = server.CreateClient();
        ci.DefaultRequestHeaders.Add("X-API-KEY", secret);
        await Waiting.UntilAsync(async () => (await ci.PostAsync("/scores/increment", new { userId = "bob", actionId = Json.NewId("b") })).Status == 200,
            TimeSpan.FromSeconds(30), "the running server to accept the new key");

        var revoked = await Cli.RunAsync(server.DataDir, "keys", "revoke", "ci");

        Assert.True(revoked.Exit == 0, revoked.ToString());
        await Waiting.UntilAsync(async () => (await ci.GetAsync("/scoreboard/top")).IsSuccessStatusCode
            && (await ci.PostAsync("/scores/increment", new { userId = "probe", actionId = Json.NewId("p") })).Status == 401,
            TimeSpan.FromSeconds(30), "the running server to refuse the revoked key");
        var totals = await Ledger.TotalsAsync(server.DatabasePath);
        Assert.Equal(401, (await ci.PostAsync("/scores/increment", new { userId = "bob", actionId = Json.NewId("b") })).Status);
        Assert.Equal(totals, await Ledger.TotalsAsync(server.DatabasePath));
        Assert.DoesNotContain("ci", (await StoredKeysAsync(server.DatabasePath)).Keys);
    }

    [Fact]
    public async Task Keys_list_shows_each_key_with_its_source_and_types_and_revoking_a_configured_key_is_refused()
    {
        await using var server = await ScoreboardServer.StartAsync();
        var secret = (await Cli.RunAsync(server.DataDir, "keys", "create", "--name", "shop", "--action-types", "ACTION_COMPLETED,LEVEL_UP")).OutputLines.Single();

        var list = await Cli.RunAsync(server.DataDir, "keys", "list");
        var configured = await Cli.RunAsync(server.DataDir, "keys", "revoke", "bootstrap");
        var unknown = await Cli.RunAsync(server.DataDir, "keys", "revoke", "nobody");

        Assert.True(list.Exit == 0, list.ToString());
        Assert.Contains(list.OutputLines, l => Columns(l) == "bootstrap configured *");
        Assert.Contains(list.OutputLines, l => Columns(l) == "shop created ACTION_COMPLETED,LEVEL_UP");
        Assert.DoesNotContain(secret, list.Output + list.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(ScoreboardServer.ApiKey, list.Output + list.Error, StringComparison.Ordinal);
        Assert.Equal(1, configured.Exit);
        Assert.Contains("configured", Assert.Single(configured.ErrorLines), StringComparison.Ordinal);
        Assert.Equal(1, unknown.Exit);
        using var bootstrap = server.CreateServiceClient();
        Assert.Equal(200, (await bootstrap.PostAsync("/scores/increment", new { userId = "ann", actionId = Json.NewId("a") })).Status);
    }

    [Fact]
    public async Task A_bad_name_or_type_is_refused_and_nothing_is_stored()
    {
        await using var server = await ScoreboardServer.StartAsync();
        var before = await StoredKeysAsync(server.DatabasePath);

        var badType = await Cli.RunAsync(server.DataDir, "keys", "create", "--name", "shop", "--action-types", "NO_SUCH_TYPE");
        var badName = await Cli.RunAsync(server.DataDir, "keys", "create", "--name", "two words", "--action-types", "*");
        var taken = await Cli.RunAsync(server.DataDir, "keys", "create", "--name", "bootstrap", "--action-types", "*");

        Assert.Equal(2, badType.Exit);
        Assert.Contains("NO_SUCH_TYPE", Assert.Single(badType.ErrorLines), StringComparison.Ordinal);
        Assert.Equal(2, badName.Exit);
        Assert.Equal(1, taken.Exit);
        Assert.Empty(taken.Output);
        Assert.Equal(before, await StoredKeysAsync(server.DatabasePath));
    }

    [Fact]
    public async Task Start_up_names_the_active_keys_and_says_how_to_revoke_a_generated_key_a_configured_one_joins()
    {
        using var folder = Cli.NewFolder();
        string generated;
        await using (var first = await ScoreboardServer.StartAsync(folder.Path, new Dictionary<string, string?> { ["SCOREBOARD_API_KEY"] = "" }))
        {
            generated = GeneratedKey().Match(first.Output).Groups[1].Value;
            Assert.Contains("Service key embedded-demo (generated) is active for action types *", first.Output, StringComparison.Ordinal);
            await first.StopAsync();
        }

        await using (var second = await ScoreboardServer.StartAsync(folder.Path))
        {
            Assert.Contains("Service key bootstrap (configured) is active for action types *", second.Output, StringComparison.Ordinal);
            Assert.Contains("Service key embedded-demo (generated) is active for action types *", second.Output, StringComparison.Ordinal);
            Assert.Contains(second.Output.Split('\n'), l => l.Contains("SCOREBOARD_API_KEY is set", StringComparison.Ordinal)
                && l.Contains("keys revoke embedded-demo", StringComparison.Ordinal));
            Assert.DoesNotContain(generated, second.Output, StringComparison.Ordinal);
            await second.StopAsync();
        }

        Assert.Equal(0, (await Cli.RunAsync(folder.Path, "keys", "revoke", "embedded-demo")).Exit);
        await using var third = await ScoreboardServer.StartAsync(folder.Path);
        Assert.DoesNotContain("embedded-demo", third.Output, StringComparison.Ordinal);
        using var old = third.CreateClient();
        old.DefaultRequestHeaders.Add("X-API-KEY", generated);
        Assert.Equal(401, (await old.PostAsync("/scores/increment", new { userId = "ann", actionId = Json.NewId("a") })).Status);
    }

    [Fact]
    [Trait("Backend", "embedded")]
    public async Task Keys_list_on_a_folder_without_a_store_says_so_and_creates_none()
    {
        using var folder = Cli.NewFolder();

        var list = await Cli.RunAsync(folder.Path, "keys", "list");
        var revoke = await Cli.RunAsync(folder.Path, "keys", "revoke", "embedded-demo");

        Assert.Equal(2, list.Exit);
        Assert.Contains("no store at", Assert.Single(list.ErrorLines), StringComparison.Ordinal);
        Assert.Equal(2, revoke.Exit);
        Assert.False(File.Exists(Path.Combine(folder.Path, "scoreboard.db")));
    }

    private static async Task<Dictionary<string, string>> StoredKeysAsync(string databasePath)
    {
        await using var connection = await Ledger.OpenAsync(databasePath);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT name, key_hash FROM service_keys";
        await using var reader = await command.ExecuteReaderAsync();
        var keys = new Dictionary<string, string>();
        while (await reader.ReadAsync())
        {
            keys[reader.GetString(0)] = reader.GetString(1);
        }

        return keys;
    }

    private static string Columns(string line) => string.Join(' ', line.Split(' ', StringSplitOptions.RemoveEmptyEntries));

    [GeneratedRegex("^sb_[A-Za-z0-9_-]{43}$")]
    private static partial Regex KeyShape();

    [GeneratedRegex(@"shown once and only its hash is kept: (sb_[A-Za-z0-9_-]+)")]
    private static partial Regex GeneratedKey();
}
