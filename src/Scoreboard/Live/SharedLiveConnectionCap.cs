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
/// by themselves. While Redis is away, each instance falls back to its own count (the hub's cap still holds).
/// </summary>
public sealed class SharedLiveConnectionCap(SharedConnectionCount count, TimeProvider clock, ILogger<SharedLiveConnectionCap> logger)
    : BackgroundService, ILiveConnectionCap
{
    private const string Scope = "live";
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan RenewEvery = TimeSpan.FromSeconds(10);
    private readonly string _instance = EngineIoSessions.NewId();
    private readonly ConcurrentDictionary<long, byte> _open = new();

    public async ValueTask<bool> TryOpenAsync(long connectionId, int max, CancellationToken cancellationToken)
    {
        try
        {
            if (!await count.TryOpenAsync(Scope, Member(connectionId), max, Lease))
            {
                return false;
            }

            _open[connectionId] = 0;
            return true;
        }
        catch (Exception ex) when (FallbackRankIndex.IsRedisFailure(ex))
        {
            Log.SharedLimitsFallback(logger, ex);
            return true;
        }
    }

    public void Close(long connectionId)
    {
        if (_open.TryRemove(connectionId, out _))
        {
            _ = CloseAsync(connectionId);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(RenewEvery, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await Task.WhenAll(_open.Keys.Select(id => count.RenewAsync(Scope, Member(id), Lease)));
            }
            catch (Exception ex) when (FallbackRankIndex.IsRedisFailure(ex))
            {
                Log.SharedLimitsFallback(logger, ex);
            }
        }
    }

    private async Task CloseAsync(long connectionId)
    {
        try
        {
            await count.CloseAsync(Scope, Member(connectionId));
        }
        catch (Exception ex) when (FallbackRankIndex.IsRedisFailure(ex))
        {
            // The slot's lease runs out by itself.
            Log.SharedLimitsFallback(logger, ex);
        }
    }

    private string Member(long connectionId) => _instance + ":" + connectionId.ToString(CultureInfo.InvariantCulture);
}
