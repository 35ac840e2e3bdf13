using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Scoreboard.Scoring.Boards;

namespace Scoreboard.Reads;

/// <summary>
/// Serialized replies of the visible windows (offset 0, up to 100 rows) of every board and period, per reply shape
/// and limit. An entry is good while its board has not changed since it was built: the bus marks a board changed
/// as it publishes a commit (before the writer answers its callers) and as it receives another instance's, so a hit
/// never shows less than what was announced.
/// Entries also expire after <see cref="ReadOptions.MaxAgeMs"/> (a reversal or a lost bus message is caught by then).
/// Bounded in bytes: past <see cref="ReadOptions.CacheBytes"/>, the least recently used entries go.
/// </summary>
public sealed class ReadCache(IOptions<ReadOptions> options, TimeProvider clock)
{
    // Fixed cost of an entry besides its bytes: key, entry object and dictionary slot.
    private const int EntryOverhead = 160;

    private readonly ConcurrentDictionary<ReadKey, CachedReply> _entries = new();
    private readonly ConcurrentDictionary<string, long> _generations = new(StringComparer.Ordinal);
    private readonly Lock _evicting = new();
    // Board ids ever changed; more than this (boards deleted and made again) and the cache starts over.
    private const int MaxBoards = 10_000;

    private long _bytes;
    private long _sequence;
    private long _counter;

    /// <summary>Bytes the entries hold now, overhead included.</summary>
    public long Bytes => Interlocked.Read(ref _bytes);

    /// <summary>The newest bus sequence announced to this instance: the <c>seq</c> part of every new ETag.</summary>
    public long Sequence => Interlocked.Read(ref _sequence);

    /// <summary>Marks boards as changed: their entries built before now are not served again.</summary>
    public void Changed(long sequence, bool global, IEnumerable<string> boards)
    {
        if (sequence > Interlocked.Read(ref _sequence))
        {
            Interlocked.Exchange(ref _sequence, sequence);
        }

        if (global)
        {
            Bump(BoardDefinition.GlobalId);
        }

        foreach (var board in boards.Distinct(StringComparer.Ordinal))
        {
            Bump(board);
        }
    }

    /// <summary>The board's generation now; an entry built from reads that started after this is good until the next change.</summary>
    public long Generation(string board) => _generations.GetValueOrDefault(board);

    /// <summary>The entry for <paramref name="key"/> when it is still good, else null.</summary>
    public CachedReply? Find(ReadKey key)
    {
        if (!_entries.TryGetValue(key, out var entry))
        {
            return null;
        }

        var now = clock.GetUtcNow().UtcTicks;
        if (entry.Generation != Generation(key.Board) || now - entry.BuiltAt > TimeSpan.TicksPerMillisecond * options.Value.MaxAgeMs)
        {
            return null;
        }

        entry.LastUsed = now;
        return entry;
    }

    /// <summary>Keeps <paramref name="entry"/>, then evicts the least recently used entries while over the bound.</summary>
    public void Store(ReadKey key, CachedReply entry)
    {
        entry.LastUsed = entry.BuiltAt;
        var previous = _entries.TryGetValue(key, out var old) ? old : null;
        _entries[key] = entry;
        Interlocked.Add(ref _bytes, Cost(entry) - (previous is null ? 0 : Cost(previous)));
        if (Bytes > options.Value.CacheBytes)
        {
            Evict();
        }
    }

    private void Bump(string board)
    {
        if (_generations.Count >= MaxBoards && !_generations.ContainsKey(board))
        {
            // Forgetting generations would make entries of an old generation look good again: drop them all with it.
            lock (_evicting)
            {
                _generations.Clear();
                _entries.Clear();
                Interlocked.Exchange(ref _bytes, 0);
            }
        }

        // One counter for every board, so a generation number is never handed out twice, even after starting over.
        _generations[board] = Interlocked.Increment(ref _counter);
    }

    private void Evict()
    {
        lock (_evicting)
        {
            // Down to three quarters of the bound, so a full cache does not evict on every store.
            var target = options.Value.CacheBytes * 3 / 4;
            foreach (var (key, entry) in _entries.OrderBy(e => e.Value.LastUsed).ToList())
            {
                if (Bytes <= target)
                {
                    break;
                }

                if (_entries.TryRemove(KeyValuePair.Create(key, entry)))
                {
                    Interlocked.Add(ref _bytes, -Cost(entry));
                }
            }
        }
    }

    private static long Cost(CachedReply entry) => entry.Body.Length + entry.ETag.Length * 2 + EntryOverhead;
}

/// <summary>Which reply an entry holds: a board's period, in one seed's shape, with one limit.</summary>
public readonly record struct ReadKey(string Board, string Period, ReadShape Shape, int Limit);

/// <summary>The seed replies served from the cache.</summary>
public enum ReadShape
{
    Seed000Leaderboard,
    Seed001Leaderboard,
    Seed002Leaderboard,
    Seed004Top,
}

/// <summary>A serialized reply, with its ETag, the board generation it was built at, and when it was built and last used (UTC ticks).</summary>
public sealed class CachedReply(byte[] body, string etag, long generation, long builtAt)
{
    public byte[] Body { get; } = body;

    public string ETag { get; } = etag;

    public long Generation { get; } = generation;

    public long BuiltAt { get; } = builtAt;

    public long LastUsed { get; set; }
}
