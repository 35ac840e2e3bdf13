using System.Collections.Concurrent;
using System.Globalization;
using Scoreboard.Diagnostics;
using Scoreboard.Live.SocketIo;
using Scoreboard.Ranking.Redis;
using Scoreboard.Security.Shared;

namespace Scoreboard.Live;

/// <summary>
/// Distributed mode's live-connection cap: each connection holds a leased slot in Redis, renewed here every
/// <see cref="RenewEvery"/>, so the cap counts every instance's connections and a crashed instance's slots lapse
/// by themselves. Each address's share of the cap is counted the same way, per address. While Redis is away, each
/// instance falls back to its own count (the hub's cap and shares still hold per instance).
/// </summary>
public sealed class SharedLiveConnectionCap(SharedConnectionCount count, TimeProvider clock, ILogger<SharedLiveConnectionCap> logger)
    : BackgroundService, ILiveConnectionCap
{
    private const string Scope = "live";
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan RenewEvery = TimeSpan.FromSeconds(10);
    private readonly string _instance = EngineIoSessions.NewId();
    private readonly ConcurrentDictionary<long, string> _open = new();

    public async ValueTask<JoinRefusal> TryOpenAsync(long connectionId, string address, int max, int maxPerAddress, CancellationToken cancellationToken)
    {
        try
        {
            switch (await count.TryOpenAsync(Scope, Member(connectionId), max, Lease, address, maxPerAddress))
            {
                case SharedConnectionCount.Opening.Full:
                    return JoinRefusal.Full;
                case SharedConnectionCount.Opening.PartitionFull:
                    return JoinRefusal.AddressShare;
            }

            _open[connectionId] = address;
            return JoinRefusal.None;
        }
        catch (Exception ex) when (FallbackRankIndex.IsRedisFailure(ex))
        {
            Log.SharedLimitsFallback(logger, ex);
            return JoinRefusal.None;
        }
    }

    public void Close(long connectionId)
    {
        if (_open.TryRemove(connectionId, out var address))
        {
            _ = CloseAsync(connectionId, address);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(RenewEvery, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await Task.WhenAll(_open.Select(open => count.RenewAsync(Scope, Member(open.Key), Lease, open.Value)));
            }
            catch (Exception ex) when (FallbackRankIndex.IsRedisFailure(ex))
            {
                Log.SharedLimitsFallback(logger, ex);
            }
        }
    }

    private async Task CloseAsync(long connectionId, string address)
    {
        try
        {
            await count.CloseAsync(Scope, Member(connectionId), address);
        }
        catch (Exception ex) when (FallbackRankIndex.IsRedisFailure(ex))
        {
            // The slot's lease runs out by itself.
            Log.SharedLimitsFallback(logger, ex);
        }
    }

    private string Member(long connectionId) => _instance + ":" + connectionId.ToString(CultureInfo.InvariantCulture);
}
