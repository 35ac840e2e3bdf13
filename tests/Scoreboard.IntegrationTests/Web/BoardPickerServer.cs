using System.Text.Json.Nodes;
using Microsoft.Playwright;
using Scoreboard.IntegrationTests.Infrastructure;

namespace Scoreboard.IntegrationTests.Web;

/// <summary>
/// A server with boards beside global: <c>levels</c> (all-time sum of LEVEL_UP), <c>daily-levels</c> (daily), and
/// <c>ticks</c> (a cron board of 10-second periods, so a test sees one end); plus one headless Chromium.
/// </summary>
public sealed class BoardPickerServer : IAsyncLifetime
{
    public const string AdminKey = "page-admin-key-0123456789";

    private HeadlessChromium? _chromium;

    public ScoreboardServer Server { get; private set; } = null!;

    public HttpClient Service { get; private set; } = null!;

    public HttpClient Reader { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _chromium = await HeadlessChromium.LaunchAsync();
        Server = await ScoreboardServer.StartAsync(environment: new Dictionary<string, string?>
        {
            ["JWT_SECRET"] = LiveServerFixture.JwtSecret,
            ["SCOREBOARD_ADMIN_KEY"] = AdminKey,
            ["Scoreboard__Boards__levels__Title"] = "Levels",
            ["Scoreboard__Boards__levels__ActionTypes__0"] = "LEVEL_UP",
            ["Scoreboard__Boards__daily-levels__Title"] = "Levels today",
            ["Scoreboard__Boards__daily-levels__ActionTypes__0"] = "LEVEL_UP",
            ["Scoreboard__Boards__daily-levels__Period"] = "daily",
            ["Scoreboard__Boards__ticks__Title"] = "Ticks",
            ["Scoreboard__Boards__ticks__ActionTypes__0"] = "LEVEL_UP",
            ["Scoreboard__Boards__ticks__Period"] = "cron:*/10 * * * * *",
        });
        Service = Server.CreateServiceClient();
        Reader = Server.CreateClient();
    }

    public Task<IPage> NewPageAsync(bool javaScriptEnabled = true) => _chromium!.NewPageAsync(javaScriptEnabled);

    /// <summary>A LEVEL_UP of <paramref name="value"/> points (every board here counts it), or the default action (global only).</summary>
    public async Task CreditAsync(string userId, long? value, string? displayName = null)
    {
        var body = new Dictionary<string, object?> { ["userId"] = userId, ["actionId"] = Json.NewId("pick"), ["displayName"] = displayName };
        if (value is { } points)
        {
            (body["actionType"], body["value"]) = ("LEVEL_UP", points);
        }

        var (status, reply) = await Service.PostAsync("/scores/increment", body);
        Assert.True(status == 200, reply.ToJsonString());
    }

    /// <summary>The board's top 10 as the API answers it: user ids, best first.</summary>
    public async Task<List<string>> TopAsync(string board, string period = "current")
    {
        var (status, body) = await Reader.GetJsonAsync($"/api/v1/boards/{board}/top?limit=10&period={Uri.EscapeDataString(period)}");
        Assert.Equal(200, status);
        return [.. body["entries"]!.AsArray().Select(e => (string)e!["userId"]!)];
    }

    public async Task<JsonNode> StandingAsync(string board, string userId)
    {
        var (status, body) = await Reader.GetJsonAsync($"/api/v1/boards/{board}/users/{userId}");
        Assert.Equal(200, status);
        return body;
    }

    /// <summary>Seconds until the board's current period ends.</summary>
    public async Task<double> SecondsLeftAsync(string board)
    {
        var (_, body) = await Reader.GetJsonAsync($"/api/v1/boards/{board}");
        return (DateTimeOffset.Parse((string)body["currentPeriod"]!["endsAt"]!, System.Globalization.CultureInfo.InvariantCulture) - DateTimeOffset.UtcNow).TotalSeconds;
    }

    /// <summary>The user ids in the page's table, top first.</summary>
    public static Task<string[]> RowsAsync(IPage page) =>
        page.EvalOnSelectorAllAsync<string[]>("#rows tr[data-user]", "rows => rows.map(r => r.dataset.user)");

    /// <summary>Waits until the page's table lists exactly the board's top 10 as the API answers it.</summary>
    public async Task ShowsBoardAsync(IPage page, string board, string period = "current")
    {
        await Waiting.UntilAsync(async () => (await RowsAsync(page)).SequenceEqual(await TopAsync(board, period)), TimeSpan.FromSeconds(30),
            $"the page to show board {board} ({period})");
    }

    public async Task DisposeAsync()
    {
        if (_chromium is not null)
        {
            await _chromium.DisposeAsync();
        }

        Service.Dispose();
        Reader.Dispose();
        await Server.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class BoardPickerCollection : ICollectionFixture<BoardPickerServer>
{
    public const string Name = "board picker";
}
