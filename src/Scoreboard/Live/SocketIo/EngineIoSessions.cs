using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Scoreboard.Diagnostics;

namespace Scoreboard.Live.SocketIo;

/// <summary>
/// Open Engine.IO sessions, and their reaper: once a second it sends due pings and closes sessions whose client
/// stopped answering (Engine.IO v4: the server pings, the client pongs within <c>pingTimeout</c>).
/// </summary>
public sealed class EngineIoSessions(
    LiveHub hub, TimeProvider clock, IOptions<LiveOptions> options, IServiceProvider services, ILogger<EngineIoSessions> logger)
    : BackgroundService
{
    private readonly ConcurrentDictionary<string, EngineIoSession> _sessions = new(StringComparer.Ordinal);

    public LiveHub Hub => hub;

    /// <summary>The application's services, for checking CONNECT's token.</summary>
    public IServiceProvider Services => services;

    public TimeSpan PingInterval => TimeSpan.FromSeconds(options.Value.HeartbeatSeconds);

    public TimeSpan PingTimeout => TimeSpan.FromSeconds(options.Value.TimeoutSeconds);

    public EngineIoSession Open(LiveSubscriber subscriber)
    {
        var session = new EngineIoSession(NewId(), subscriber, clock.GetUtcNow());
        _sessions[session.Sid] = session;
        return session;
    }

    public EngineIoSession? Find(string sid) => _sessions.TryGetValue(sid, out var session) ? session : null;

    public void Close(EngineIoSession session)
    {
        if (_sessions.TryRemove(KeyValuePair.Create(session.Sid, session)))
        {
            hub.Leave(session.Subscriber);
        }
    }

    /// <summary>A random, URL-safe id.</summary>
    public static string NewId() =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(15)).Replace('+', '-').Replace('/', '_');

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1), clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            var now = clock.GetUtcNow();
            foreach (var session in _sessions.Values)
            {
                if (!session.Tick(now, PingInterval, PingTimeout))
                {
                    Log.LiveConnectionReaped(logger, "socket.io", session.Sid);
                    Close(session);
                }
            }
        }
    }
}
