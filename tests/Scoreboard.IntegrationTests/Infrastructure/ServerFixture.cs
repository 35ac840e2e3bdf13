namespace Scoreboard.IntegrationTests.Infrastructure;

/// <summary>
/// One embedded-mode server shared by the tests of the collection. xunit runs a collection's tests one at a
/// time, so a test may compare the whole board and ledger before and after its request.
/// </summary>
public sealed class ServerFixture : IAsyncLifetime
{
    /// <summary>A second service key, allowed only <c>LEVEL_UP</c>.</summary>
    public const string LevelsOnlyKey = "levels-only-key-0123456789";

    public ScoreboardServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await ScoreboardServer.StartAsync(environment: new Dictionary<string, string?>
    {
        ["Scoreboard__ServiceKeys__Keys__0__Name"] = "levels-only",
        ["Scoreboard__ServiceKeys__Keys__0__Key"] = LevelsOnlyKey,
        ["Scoreboard__ServiceKeys__Keys__0__ActionTypes__0"] = "LEVEL_UP",
    });

    public async Task DisposeAsync() => await Server.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class ServerCollection : ICollectionFixture<ServerFixture>
{
    public const string Name = "server";
}
