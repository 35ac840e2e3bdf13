using System.Runtime.CompilerServices;
using Scoreboard.Scoring;
using StackExchange.Redis;

namespace Scoreboard.Ranking.Redis;

/// <summary>
/// The distributed rank index: one sorted set shared by every instance, ordered by <see cref="TieRule"/> through the
/// encoding of <see cref="RedisStanding"/>. Writes are absolute and versioned (never ZINCRBY), so replaying is harmless.
/// Failures surface as <see cref="RedisException"/>; <see cref="FallbackRankIndex"/> decides what to do about them.
/// The same class serves each (board, period) ranking of the other boards, over that ranking's keys.
/// </summary>
public sealed class RedisRankIndex : IRankIndex
{
    private const int Chunk = 500;
    private readonly IConnectionMultiplexer _redis;
    private readonly RedisKey _board, _standings, _ready;
    private readonly bool _ascending;

    public RedisRankIndex(IConnectionMultiplexer redis, RedisKeys keys)
        : this(redis, keys.Board, keys.Standings, keys.Ready)
    {
    }

    /// <summary>A ranking over the given keys, which must share one hash slot; <paramref name="ascending"/>: lower is better.</summary>
    internal RedisRankIndex(IConnectionMultiplexer redis, RedisKey board, RedisKey standings, RedisKey ready, bool ascending = false)
    {
        (_redis, _board, _standings, _ready, _ascending) = (redis, board, standings, ready, ascending);
    }

    private IDatabase Db => _redis.GetDatabase();

    private RedisKey[] BoardKeys => [_board, _standings];

    private RedisKey[] ReadKeys(bool whenReady) => whenReady ? [_board, _standings, _ready] : BoardKeys;

    /// <summary>True for the answer of a read made with <c>whenReady</c> while the index is not built.</summary>
    public static bool IsNotReady(Exception ex) =>
        ex is RedisServerException && ex.Message.StartsWith(RedisScripts.NotReady, StringComparison.Ordinal);

    /// <summary>Writes every standing (versioned) and marks the index ready; <paramref name="progress"/> hears the running count.</summary>
    public async ValueTask RebuildAsync(IAsyncEnumerable<Standing> standings, Action<long>? progress, CancellationToken cancellationToken)
    {
        long written = 0;
        await foreach (var chunk in Chunks(standings, cancellationToken))
        {
            await SetAsync(chunk);
            written += chunk.Count;
            progress?.Invoke(written);
        }

        await Db.StringSetAsync(_ready, "1");
    }

    public ValueTask RebuildAsync(IAsyncEnumerable<Standing> standings, CancellationToken cancellationToken) =>
        RebuildAsync(standings, null, cancellationToken);

    public async ValueTask ApplyAsync(IReadOnlyList<Standing> standings, CancellationToken cancellationToken)
    {
        for (var i = 0; i < standings.Count; i += Chunk)
        {
            await SetAsync(standings.Skip(i).Take(Chunk).ToList());
        }
    }

    /// <summary>Writes standings where newer (versioned).</summary>
    public async Task<long> SetAsync(IReadOnlyList<Standing> standings) => (await SetChangedAsync(standings)).Count;

    /// <summary>Writes standings where newer (versioned); returns those that changed the index.</summary>
    public async Task<IReadOnlyList<Standing>> SetChangedAsync(IReadOnlyList<Standing> standings)
    {
        var changed = new List<Standing>();
        foreach (var chunk in standings.Chunk(Chunk))
        {
            var written = await WriteAsync(chunk.Select(s => (s, (Standing?)null)).ToList(), force: false);
            changed.AddRange(written.Select(i => chunk[i]));
        }

        return changed;
    }

    /// <summary>Overwrites each entry that still equals <c>Expected</c> (null: absent) with the store's standing.</summary>
    public async Task<long> ForceAsync(IReadOnlyList<(Standing Standing, Standing? Expected)> repairs) => (await WriteAsync(repairs, force: true)).Length;

    /// <summary>Positions of the entries written.</summary>
    private async Task<int[]> WriteAsync(IReadOnlyList<(Standing Standing, Standing? Expected)> entries, bool force)
    {
        var args = new RedisValue[1 + (entries.Count * 5)];
        args[0] = force ? "1" : "0";
        for (var i = 0; i < entries.Count; i++)
        {
            var (s, expected) = entries[i];
            args[1 + (i * 5)] = s.UserId;
            args[2 + (i * 5)] = RedisStanding.Reach(s.ReachedAt);
            args[3 + (i * 5)] = _ascending ? RedisStanding.AscendingScore(s.Score) : RedisStanding.Score(s.Score);
            args[4 + (i * 5)] = RedisStanding.Payload(s);
            args[5 + (i * 5)] = expected is null ? "" : RedisStanding.Payload(expected);
        }

        return (int[])(await Db.ScriptEvaluateAsync(RedisScripts.Set, BoardKeys, args))!;
    }

    public async Task<long> RemoveAsync(IReadOnlyList<string> userIds) =>
        (long)await Db.ScriptEvaluateAsync(RedisScripts.Remove, BoardKeys, userIds.Select(u => (RedisValue)u).ToArray());

    public async ValueTask RemoveUserAsync(string userId, CancellationToken cancellationToken) => await RemoveAsync([userId]);

    public ValueTask<IReadOnlyList<RankedStanding>> TopAsync(int offset, int limit, CancellationToken cancellationToken) =>
        TopAsync(offset, limit, false, cancellationToken);

    /// <summary>As <see cref="IRankIndex.TopAsync"/>; with <paramref name="whenReady"/>, fails (<see cref="IsNotReady"/>) while the index is not built.</summary>
    public async ValueTask<IReadOnlyList<RankedStanding>> TopAsync(int offset, int limit, bool whenReady, CancellationToken cancellationToken)
    {
        if (limit <= 0)
        {
            return [];
        }

        var payloads = (string?[])(await Db.ScriptEvaluateAsync(RedisScripts.Range, ReadKeys(whenReady), [offset, (long)offset + limit - 1]))!;
        return Ranked(offset, payloads);
    }

    public ValueTask<RankedStanding?> FindAsync(string userId, CancellationToken cancellationToken) => FindAsync(userId, false, cancellationToken);

    public async ValueTask<RankedStanding?> FindAsync(string userId, bool whenReady, CancellationToken cancellationToken)
    {
        var found = await AroundAsync(userId, 0, whenReady, cancellationToken);
        return found.Count == 1 ? found[0] : null;
    }

    public ValueTask<IReadOnlyList<RankedStanding>> AroundAsync(string userId, int radius, CancellationToken cancellationToken) =>
        AroundAsync(userId, radius, false, cancellationToken);

    public async ValueTask<IReadOnlyList<RankedStanding>> AroundAsync(string userId, int radius, bool whenReady, CancellationToken cancellationToken)
    {
        var reply = (RedisResult[])(await Db.ScriptEvaluateAsync(RedisScripts.Around, ReadKeys(whenReady), [userId, radius]))!;
        return reply.Length == 0 ? [] : Ranked((long)reply[0], reply.Skip(1).Select(r => (string?)r).ToArray());
    }

    public ValueTask<long> CountAsync(CancellationToken cancellationToken) => CountAsync(false, cancellationToken);

    public async ValueTask<long> CountAsync(bool whenReady, CancellationToken cancellationToken) =>
        (long)await Db.ScriptEvaluateAsync(RedisScripts.Count, ReadKeys(whenReady));

    /// <summary>Marks the index as built from the store.</summary>
    public Task MarkReadyAsync() => Db.StringSetAsync(_ready, "1");

    /// <summary>True when the index was built from the store and not flushed since.</summary>
    public async Task<bool> IsReadyAsync() => await Db.KeyExistsAsync(_ready);

    /// <summary>Every entry in rank order, in pages; for reconcile and tests.</summary>
    public async IAsyncEnumerable<Standing> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        for (var offset = 0; ; offset += Chunk)
        {
            var page = await TopAsync(offset, Chunk, cancellationToken);
            foreach (var ranked in page)
            {
                yield return ranked.Standing;
            }

            if (page.Count < Chunk)
            {
                yield break;
            }
        }
    }

    private static IReadOnlyList<RankedStanding> Ranked(long firstRankZeroBased, string?[] payloads)
    {
        var ranked = new List<RankedStanding>(payloads.Length);
        for (var i = 0; i < payloads.Length; i++)
        {
            // Both keys change in one script, so a member without a standing cannot be seen; skip defensively all the same.
            if (payloads[i] is { } payload)
            {
                ranked.Add(new RankedStanding(firstRankZeroBased + i + 1, RedisStanding.Parse(payload)));
            }
        }

        return ranked;
    }

    private static async IAsyncEnumerable<List<Standing>> Chunks(IAsyncEnumerable<Standing> standings, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var chunk = new List<Standing>(Chunk);
        await foreach (var standing in standings.WithCancellation(cancellationToken))
        {
            chunk.Add(standing);
            if (chunk.Count == Chunk)
            {
                yield return chunk;
                chunk = new List<Standing>(Chunk);
            }
        }

        if (chunk.Count > 0)
        {
            yield return chunk;
        }
    }
}
