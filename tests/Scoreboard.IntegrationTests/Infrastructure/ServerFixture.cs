namespace Scoreboard.IntegrationTests.Infrastructure;

/// <summary>One embedded-mode server shared by the tests of a run; tests use fresh user and action ids.</summary>
public sealed class ServerFixture : IAsyncLifetime
{
    public ScoreboardServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await ScoreboardServer.StartAsync();

    public async Task DisposeAsync() => await Server.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class ServerCollection : ICollectionFixture<ServerFixture>
{
    public const string Name = "server";
}
