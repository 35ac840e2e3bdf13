using System.Globalization;
using StackExchange.Redis;

namespace Scoreboard.IntegrationTests.Infrastructure;

/// <summary>
/// A real Redis Cluster on loopback: three masters without replicas, the slots spread over them by
/// <c>redis-cli --cluster create</c>. Node configuration lives in a temporary folder removed on dispose.
/// </summary>
public sealed class RedisCluster : IAsyncDisposable
{
    private readonly string _root;
    private readonly List<RedisServer> _nodes = [];

    private RedisCluster(string root)
    {
        _root = root;
    }

    public IReadOnlyList<RedisServer> Nodes => _nodes;

    /// <summary>Every node, as StackExchange.Redis takes a cluster: it discovers the slot map from any of them.</summary>
    public string ConnectionString => string.Join(",", _nodes.Select(n => n.ConnectionString));

    public static async Task<RedisCluster> StartAsync()
    {
        var cluster = new RedisCluster(Directory.CreateTempSubdirectory("scoreboard-redis-cluster-").FullName);
        try
        {
            for (var i = 0; i < 3; i++)
            {
                var port = FreePort.Next();
                cluster._nodes.Add(await RedisServer.StartAsync(port, "--cluster-enabled", "yes",
                    "--cluster-config-file", Path.Combine(cluster._root, $"nodes-{port}.conf"), "--dir", cluster._root,
                    // The bus port defaults to port + 10000, which may be taken or past 65535: pick a free one.
                    "--cluster-port", FreePort.Next().ToString(CultureInfo.InvariantCulture)));
            }

            await Shell.RunAsync("redis-cli", ["--cluster", "create", .. cluster._nodes.Select(n => n.ConnectionString), "--cluster-replicas", "0", "--cluster-yes"]);
            await cluster.WaitUntilReadyAsync();
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>The hash slot of <paramref name="key"/>, as the cluster computes it (<c>CLUSTER KEYSLOT</c>).</summary>
    public async Task<int> KeySlotAsync(IConnectionMultiplexer redis, string key) =>
        (int)await redis.GetServer(_nodes[0].ConnectionString).ExecuteAsync("CLUSTER", "KEYSLOT", key);

    public async ValueTask DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            await node.DisposeAsync();
        }

        Directory.Delete(_root, recursive: true);
    }

    private async Task WaitUntilReadyAsync()
    {
        await using var redis = await ConnectionMultiplexer.ConnectAsync(ConnectionString);
        for (var attempt = 0; ; attempt++)
        {
            var states = await Task.WhenAll(_nodes.Select(async n => (string)(await redis.GetServer(n.ConnectionString).ExecuteAsync("CLUSTER", "INFO"))!));
            if (states.All(s => s.Contains("cluster_state:ok", StringComparison.Ordinal)))
            {
                return;
            }

            if (attempt == 100)
            {
                throw new InvalidOperationException($"The Redis cluster did not come up:\n{string.Join("\n", states)}");
            }

            await Task.Delay(100);
        }
    }
}
