using System.Runtime.CompilerServices;
using Scoreboard.Scoring;
using StackExchange.Redis;

namespace Scoreboard.Ranking.Redis;

/// <summary>
/// The distributed rank index: one sorted set shared by every instance, ordered by <see cref="TieRule"/> through the
/// encoding of <see cref="RedisStanding"/>. Writes are absolute and versioned (never ZINCRBY), so replaying is harmless.
/// Failures surface as <see cref="RedisException"/>; <see cref="FallbackRankIndex"/> decides what to do about them.
/// </summary>
public sealed class RedisRankIndex(IConnectionMultiplexer redis, RedisKeys keys) : IRankIndex
{
    private const int Chunk = 500;

    private IDatabase Db => redis.GetDatabase();

    private RedisKey[] BoardKeys => [keys.Board, keys.Standings];

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

        await Db.StringSetAsync(keys.Ready, "1");
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
    public Task<long> SetAsync(IReadOnlyList<Standing> standings) => WriteAsync(standings.Select(s => (s, (Standing?)null)).ToList(), force: false);

    /// <summary>Overwrites each entry that still equals <c>Expected</c> (null: absent) with the store's standing.</summary>
    public Task<long> ForceAsync(IReadOnlyList<(Standing Standing, Standing? Expected)> repairs) => WriteAsync(repairs, force: true);

    private async Task<long> WriteAsync(IReadOnlyList<(Standing Standing, Standing? Expected)> entries, bool force)
    {
        var args = new RedisValue[1 + (entries.Count * 5)];
        args[0] = force ? "1" : "0";
        for (var i = 0; i < entries.Count; i++)
        {
            var (s, expected) = entries[i];
            args[1 + (i * 5)] = s.UserId;
            args[2 + (i * 5)] = RedisStanding.Reach(s.ReachedAt);
            args[3 + (i * 5)] = RedisStanding.Score(s.Score);
            args[4 + (i * 5)] = RedisStanding.Payload(s);
            args[5 + (i * 5)] = expected is null ? "" : RedisStanding.Payload(expected);
        }

        return (long)await Db.ScriptEvaluateAsync(RedisScripts.Set, BoardKeys, args);
    }

    public async Task<long> RemoveAsync(IReadOnlyList<string> userIds) =>
        (long)await Db.ScriptEvaluateAsync(RedisScripts.Remove, BoardKeys, userIds.Select(u => (RedisValue)u).ToArray());

    public async ValueTask<IReadOnlyList<RankedStanding>> TopAsync(int offset, int limit, CancellationToken cancellationToken)
    {
        if (limit <= 0)
        {
            return [];
        }

        var payloads = (string?[])(await Db.ScriptEvaluateAsync(RedisScripts.Range, BoardKeys, [offset, (long)offset + limit - 1]))!;
        return Ranked(offset, payloads);
    }

    public async ValueTask<RankedStanding?> FindAsync(string userId, CancellationToken cancellationToken)
    {
        var found = await AroundAsync(userId, 0, cancellationToken);
        return found.Count == 1 ? found[0] : null;
    }

    public async ValueTask<IReadOnlyList<RankedStanding>> AroundAsync(string userId, int radius, CancellationToken cancellationToken)
    {
        var reply = (RedisResult[])(await Db.ScriptEvaluateAsync(RedisScripts.Around, BoardKeys, [userId, radius]))!;
        return reply.Length == 0 ? [] : Ranked((long)reply[0], reply.Skip(1).Select(r => (string?)r).ToArray());
    }

    public async ValueTask<long> CountAsync(CancellationToken cancellationToken) => await Db.SortedSetLengthAsync(keys.Board);

    /// <summary>Marks the index as built from the store.</summary>
    public Task MarkReadyAsync() => Db.StringSetAsync(keys.Ready, "1");

    /// <summary>True when the index was built from the store and not flushed since.</summary>
    public async Task<bool> IsReadyAsync() => await Db.KeyExistsAsync(keys.Ready);

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
