using System.Text.Json.Nodes;
using Scoreboard.IntegrationTests.Infrastructure;

namespace Scoreboard.IntegrationTests.Boards;

/// <summary>
/// A server with configured boards over the same credits: a sum, a best and a latest of LEVEL_UP (and the sum also of
/// TASK_COMPLETE), and a fastest-lap board (best, asc) of LAP, a type the catalog keeps off global.
/// </summary>
public sealed class BoardsFixture : IAsyncLifetime
{
    public const string AdminKey = "boards-admin-key-0123456789";

    /// <summary>The configured boards, as the tests check them against the ledger.</summary>
    public static readonly IReadOnlyList<BoardRule> Boards =
    [
        new("global", ["ACTION_COMPLETED", "LEVEL_UP", "TASK_COMPLETE", "default"], "incr", Asc: false),
        new("levels", ["LEVEL_UP", "TASK_COMPLETE"], "incr", Asc: false),
        new("best-level", ["LEVEL_UP"], "best", Asc: false),
        new("last-level", ["LEVEL_UP"], "latest", Asc: false),
        new("fastest-lap", ["LAP"], "best", Asc: true),
        new("daily-levels", ["LEVEL_UP"], "incr", Asc: false, Periodic: true),
    ];

    public ScoreboardServer Server { get; private set; } = null!;

    public static Dictionary<string, string?> Environment() => new()
    {
        ["SCOREBOARD_ADMIN_KEY"] = AdminKey,
        ["Scoreboard__Actions__LAP__MaxPoints"] = "600000",
        ["Scoreboard__Actions__LAP__Global"] = "false",
        ["Scoreboard__Boards__levels__Title"] = "Levels",
        ["Scoreboard__Boards__levels__ActionTypes__0"] = "LEVEL_UP",
        ["Scoreboard__Boards__levels__ActionTypes__1"] = "TASK_COMPLETE",
        ["Scoreboard__Boards__best-level__ActionTypes__0"] = "LEVEL_UP",
        ["Scoreboard__Boards__best-level__Operator"] = "best",
        ["Scoreboard__Boards__last-level__ActionTypes__0"] = "LEVEL_UP",
        ["Scoreboard__Boards__last-level__Operator"] = "latest",
        ["Scoreboard__Boards__fastest-lap__ActionTypes__0"] = "LAP",
        ["Scoreboard__Boards__fastest-lap__Operator"] = "best",
        ["Scoreboard__Boards__fastest-lap__Order"] = "asc",
        ["Scoreboard__Boards__daily-levels__ActionTypes__0"] = "LEVEL_UP",
        ["Scoreboard__Boards__daily-levels__Period"] = "daily",
        ["Scoreboard__Boards__daily-levels__TimeZone"] = "Asia/Kathmandu",
    };

    public async Task InitializeAsync() => Server = await ScoreboardServer.StartAsync(environment: Environment());

    public async Task DisposeAsync() => await Server.DisposeAsync();

    public HttpClient CreateAdminClient()
    {
        var client = Server.CreateClient();
        client.DefaultRequestHeaders.Add("X-ADMIN-KEY", AdminKey);
        return client;
    }

    /// <summary>A credit through seed 004's increment, as a trusted backend sends one.</summary>
    public static Task<(int Status, JsonNode Body)> CreditAsync(HttpClient service, string user, string type, long? value, object? metadata = null, string? action = null) =>
        service.PostAsync("/scores/increment", new Dictionary<string, object?>
        {
            ["userId"] = user, ["actionId"] = action ?? Json.NewId("a"), ["actionType"] = type, ["value"] = value, ["metadata"] = metadata,
        }.Where(p => p.Value is not null).ToDictionary());

    /// <summary>A whole board's entries as (user, score), best first, in the current period or <paramref name="period"/>.</summary>
    public static async Task<List<(string User, long Score)>> EntriesAsync(HttpClient client, string board, string period = "current")
    {
        var (status, body) = await client.GetJsonAsync($"/api/v1/boards/{board}/top?limit=100&period={Uri.EscapeDataString(period)}");
        Assert.Equal(200, status);
        return [.. body["entries"]!.AsArray().Select(e => ((string)e!["userId"]!, (long)e["score"]!))];
    }
}

[CollectionDefinition(Name)]
public sealed class BoardsCollection : ICollectionFixture<BoardsFixture>
{
    public const string Name = "boards";
}
