using System.Text.Json;
using System.Text.Json.Serialization;
using System.Threading.Channels;
using Scoreboard.Diagnostics;
using Scoreboard.Ranking.Redis;
using Scoreboard.Scoring;
using StackExchange.Redis;

namespace Scoreboard.Live;

/// <summary>
/// The distributed mode's bus: every instance publishes its committed changes to one Redis channel and reads all
/// of them back, its own included, so each live feed sees one stream in one order. The sequence number is taken
/// and the message published in one script: Redis runs scripts one at a time, so numbers reach every subscriber
/// in increasing order, whichever instance published them. The counter never restarts below the numbers already
/// handed out, even when Redis lost it (a flush, a restart without persistence): it is floored by Redis's clock in
/// microseconds, so a number taken later is larger than any taken before, by any instance, before or after the loss.
/// </summary>
public sealed class RedisBoardBus : BackgroundService, IBoardBus
{
    // Numbers are formatted with %.0f: Lua's own number-to-string conversion would print 16 digits as 1.7e+15.
    // TIME is allowed before writes since Redis replicates a script's effects, not the script.
    private const string ClockFloor = """
        local t = redis.call('TIME')
        local floor = tonumber(t[1]) * 1000000 + tonumber(t[2])
        """;

    private const string PublishScript = ClockFloor + "\n" + """
        local sequence = redis.call('INCR', KEYS[1])
        if sequence < floor then sequence = floor; redis.call('SET', KEYS[1], string.format('%.0f', sequence)) end
        redis.call('PUBLISH', ARGV[1], string.format('%.0f', sequence) .. '|' .. ARGV[2])
        return sequence
        """;

    // A missing counter is seeded from the clock, so a feed starting after a loss never numbers below older boards.
    private const string LastScript = ClockFloor + "\n" + """
        local sequence = redis.call('GET', KEYS[1])
        if sequence then return tonumber(sequence) end
        redis.call('SET', KEYS[1], string.format('%.0f', floor))
        return floor
        """;

    private readonly IConnectionMultiplexer _redis;
    private readonly RedisKeys _keys;
    private readonly ILogger<RedisBoardBus> _logger;
    private ChannelMessageQueue? _subscription;

    // As the in-process bus: bounded, the oldest dropped, since the feed recomputes the board from the index anyway.
    private readonly Channel<BoardChange> _changes = Channel.CreateBounded<BoardChange>(
        new BoundedChannelOptions(10_000) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });

    // Told of every change, this instance's own at once and the others' as they arrive, so cached reads follow them.
    private readonly Reads.ReadCache? _reads;

    public RedisBoardBus(IConnectionMultiplexer redis, RedisKeys keys, ILogger<RedisBoardBus> logger, Reads.ReadCache? reads = null)
    {
        (_redis, _keys, _logger, _reads) = (redis, keys, logger, reads);
    }

    public ChannelReader<BoardChange> Changes => _changes.Reader;

    public async ValueTask PublishAsync(IReadOnlyList<Standing> changed, IReadOnlyList<BoardTouch> boards, CancellationToken cancellationToken)
    {
        try
        {
            // Each instance's feed pushes every board, so the message names the boards and periods a batch moved.
            var body = JsonSerializer.Serialize(new BusMessage([.. changed], [.. boards]), BusJson.Default.BusMessage);
            var sequence = (long)await _redis.GetDatabase().ScriptEvaluateAsync(PublishScript, [_keys.Sequence], [_keys.Changes.ToString(), body]);
            _reads?.Changed(sequence, changed.Count > 0, boards.Select(b => b.Board));
        }
        catch (Exception ex) when (FallbackRankIndex.IsRedisFailure(ex))
        {
            _reads?.Changed(0, changed.Count > 0, boards.Select(b => b.Board));
            // The commit stands; live clients catch up with the next change or on reconnect (they get the full board).
            Log.BusPublishFailed(_logger, ex);
        }
    }

    public async ValueTask<long> LastSequenceAsync(CancellationToken cancellationToken)
    {
        try
        {
            return (long)await _redis.GetDatabase().ScriptEvaluateAsync(LastScript, [_keys.Sequence]);
        }
        catch (Exception ex) when (FallbackRankIndex.IsRedisFailure(ex))
        {
            // Redis is away: the feed starts from 0 and takes the shared numbers up with the next change.
            return 0;
        }
    }

    /// <summary>True once this instance listens to the channel (the client keeps the subscription across reconnects).</summary>
    public bool Subscribed => _subscription is not null;

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        if (_subscription is { } subscription)
        {
            await subscription.UnsubscribeAsync();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Subscribes once Redis is reachable, so an instance may start while Redis is down.
        var subscriber = _redis.GetSubscriber();
        while (_subscription is null && !stoppingToken.IsCancellationRequested)
        {
            if (_redis.IsConnected)
            {
                try
                {
                    var subscription = await subscriber.SubscribeAsync(_keys.Changes);
                    subscription.OnMessage(Receive);
                    _subscription = subscription;
                    return;
                }
                catch (Exception ex) when (FallbackRankIndex.IsRedisFailure(ex))
                {
                    // The failed attempt may have left a queue registered that nobody would read: drop it, try again.
                    try
                    {
                        await subscriber.UnsubscribeAsync(_keys.Changes, null, CommandFlags.FireAndForget);
                    }
                    catch (Exception again) when (FallbackRankIndex.IsRedisFailure(again))
                    {
                        Log.BusSubscribeFailed(_logger, again);
                    }
                }
            }

            await Task.Delay(200, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private void Receive(ChannelMessage message)
    {
        try
        {
            var text = (string)message.Message!;
            var bar = text.IndexOf('|', StringComparison.Ordinal);
            var sequence = long.Parse(text.AsSpan(0, bar), System.Globalization.CultureInfo.InvariantCulture);
            var body = JsonSerializer.Deserialize(text.AsSpan(bar + 1), BusJson.Default.BusMessage)!;
            var boards = body.Boards ?? [];
            _reads?.Changed(sequence, body.Standings.Length > 0, boards.Select(b => b.Board));
            _changes.Writer.TryWrite(new BoardChange(sequence, body.Standings) { Boards = boards });
        }
        catch (Exception ex) when (ex is JsonException or FormatException or ArgumentException)
        {
            Log.BusMessageUnreadable(_logger, ex);
        }
    }
}

/// <summary>What one bus message carries after its sequence number.</summary>
internal sealed record BusMessage(Standing[] Standings, BoardTouch[]? Boards);

[JsonSerializable(typeof(BusMessage))]
internal sealed partial class BusJson : JsonSerializerContext;
