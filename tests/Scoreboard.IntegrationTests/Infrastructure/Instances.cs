namespace Scoreboard.IntegrationTests.Infrastructure;

/// <summary>Several servers on one configuration, as a site runs them behind a load balancer.</summary>
public static class Instances
{
    /// <summary>Starts <paramref name="count"/> servers one at a time: the first migrates, the others find the schema in place.</summary>
    public static async Task<List<ScoreboardServer>> StartAsync(int count, IReadOnlyDictionary<string, string?> environment)
    {
        var servers = new List<ScoreboardServer>();
        for (var i = 0; i < count; i++)
        {
            servers.Add(await ScoreboardServer.StartAsync(environment: environment));
        }

        return servers;
    }

    public static async Task DisposeAsync(IEnumerable<ScoreboardServer> servers)
    {
        foreach (var server in servers)
        {
            await server.DisposeAsync();
        }
    }
}
