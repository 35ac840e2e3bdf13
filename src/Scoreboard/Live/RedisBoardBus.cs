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
/// in increasing order, whichever instance published them.
/// </summary>
public sealed class RedisBoardBus : IBoardBus, IAsyncDisposable
{
    private const string PublishScript = """
        local sequence = redis.call('INCR', KEYS[1])
        redis.call('PUBLISH', ARGV[1], sequence .. '|' .. ARGV[2])
        return sequence
        """;

    private readonly IConnectionMultiplexer _redis;
    private readonly RedisKeys _keys;
    private readonly ILogger<RedisBoardBus> _logger;
    private readonly ChannelMessageQueue _subscription;

    // As the in-process bus: bounded, the oldest dropped, since the feed recomputes the board from the index anyway.
    private readonly Channel<BoardChange> _changes = Channel.CreateBounded<BoardChange>(
        new BoundedChannelOptions(10_000) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });

    public RedisBoardBus(IConnectionMultiplexer redis, RedisKeys keys, ILogger<RedisBoardBus> logger)
    {
        (_redis, _keys, _logger) = (redis, keys, logger);
        // Subscriptions are restored by the client after a reconnect.
        _subscription = redis.GetSubscriber().Subscribe(keys.Changes);
        _subscription.OnMessage(Receive);
    }

    public ChannelReader<BoardChange> Changes => _changes.Reader;

    public async ValueTask PublishAsync(IReadOnlyList<Standing> changed, CancellationToken cancellationToken)
    {
        try
        {
            var body = JsonSerializer.Serialize(changed.ToArray(), BusJson.Default.StandingArray);
            await _redis.GetDatabase().ScriptEvaluateAsync(PublishScript, [_keys.Sequence], [_keys.Changes.ToString(), body]);
        }
        catch (Exception ex) when (FallbackRankIndex.IsRedisFailure(ex))
        {
            // The commit stands; live clients catch up with the next change or on reconnect (they get the full board).
            Log.BusPublishFailed(_logger, ex);
        }
    }

    public async ValueTask DisposeAsync() => await _subscription.UnsubscribeAsync();

    private void Receive(ChannelMessage message)
    {
        try
        {
            var text = (string)message.Message!;
            var bar = text.IndexOf('|', StringComparison.Ordinal);
            var sequence = long.Parse(text.AsSpan(0, bar), System.Globalization.CultureInfo.InvariantCulture);
            var standings = JsonSerializer.Deserialize(text.AsSpan(bar + 1), BusJson.Default.StandingArray)!;
            _changes.Writer.TryWrite(new BoardChange(sequence, standings));
        }
        catch (Exception ex) when (ex is JsonException or FormatException or ArgumentException)
        {
            Log.BusMessageUnreadable(_logger, ex);
        }
    }
}

[JsonSerializable(typeof(Standing[]))]
internal sealed partial class BusJson : JsonSerializerContext;
