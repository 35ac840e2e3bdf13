using System.Text.Json.Nodes;
using Scoreboard.IntegrationTests.Infrastructure;

namespace Scoreboard.IntegrationTests.Live;

/// <summary>
/// A server with boards besides <c>global</c>: <c>levels</c> counts LEVEL_UP, <c>tasks</c> TASK_COMPLETE, and
/// <c>tick</c> counts LEVEL_UP in periods of ten seconds (a cron rule with seconds), so a rollover comes soon.
/// </summary>
public sealed class LiveBoardsFixture : IAsyncLifetime
{
    public ScoreboardServer Server { get; private set; } = null!;

    public HttpClient Service { get; private set; } = null!;

    public static Dictionary<string, string?> Environment() => new()
    {
        ["JWT_SECRET"] = LiveServerFixture.JwtSecret,
        ["Scoreboard__Boards__levels__ActionTypes__0"] = "LEVEL_UP",
        ["Scoreboard__Boards__tasks__ActionTypes__0"] = "TASK_COMPLETE",
        ["Scoreboard__Boards__tick__ActionTypes__0"] = "LEVEL_UP",
        ["Scoreboard__Boards__tick__Period"] = "cron:*/10 * * * * *",
    };

    public async Task InitializeAsync()
    {
        Server = await ScoreboardServer.StartAsync(environment: Environment());
        Service = Server.CreateServiceClient();
    }

    /// <summary>Credits a new user <paramref name="value"/> points of <paramref name="type"/> through 004's increment.</summary>
    public static async Task<string> CreditNewUserAsync(HttpClient service, string type, long value, string prefix = "u")
    {
        var user = Json.NewId(prefix);
        var (status, _) = await service.PostAsync("/scores/increment", new { userId = user, actionId = Json.NewId("a"), actionType = type, value });
        Assert.Equal(200, status);
        return user;
    }

    public Task<string> CreditNewUserAsync(string type, long value, string prefix = "u") => CreditNewUserAsync(Service, type, value, prefix);

    /// <summary>The current period of a board as the boards API names it: key and end.</summary>
    public async Task<(string Key, DateTimeOffset EndsAt)> CurrentPeriodAsync(string board)
    {
        var (_, body) = await Server.Client.GetJsonAsync($"/api/v1/boards/{board}");
        var period = body["currentPeriod"]!;
        return ((string)period["key"]!, DateTimeOffset.Parse((string)period["endsAt"]!, System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>Waits until the <c>tick</c> board's current period has at least <paramref name="left"/> to run; returns its key and end.</summary>
    public async Task<(string Key, DateTimeOffset EndsAt)> FreshTickAsync(TimeSpan left)
    {
        var (key, ends) = await CurrentPeriodAsync("tick");
        if (ends - DateTimeOffset.UtcNow < left)
        {
            await Task.Delay(ends - DateTimeOffset.UtcNow + TimeSpan.FromMilliseconds(200));
            (key, ends) = await CurrentPeriodAsync("tick");
        }

        return (key, ends);
    }

    /// <summary>Rows of a pushed board as user → score, whatever the seed calls the list.</summary>
    public static Dictionary<string, long> Rows(JsonArray rows, string userField = "userId") =>
        rows.ToDictionary(r => (string)r![userField]!, r => (long)r!["score"]!);

    public async Task DisposeAsync()
    {
        Service.Dispose();
        await Server.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class LiveBoardsCollection : ICollectionFixture<LiveBoardsFixture>
{
    public const string Name = "live-boards";
}
