using Microsoft.Extensions.Options;

namespace Scoreboard.Live.Transports;

/// <summary>
/// Every <see cref="LiveOptions.HeartbeatSeconds"/>, a comment on each event stream that had nothing else to send,
/// so proxies keep idle streams open. One timer for every stream: a timed wait per connection cost each idle
/// stream a cancellation source, a timer and their registrations.
/// </summary>
internal sealed class SseHeartbeats(LiveHub hub, IOptions<LiveOptions> options, TimeProvider clock) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.HeartbeatSeconds), clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            hub.BeatStreams();
        }
    }
}
