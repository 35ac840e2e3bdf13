namespace Scoreboard.Ranking.Redis;

/// <summary>
/// The Lua scripts of the Redis index. Each runs atomically, so the sorted set and the standings hash never
/// disagree, and readers see a board as of one moment. KEYS[1] = board, KEYS[2] = standings. Reads given KEYS[3]
/// (the ready marker) answer <see cref="NotReady"/> while it is absent: a flushed index being rebuilt is not the board.
/// </summary>
internal static class RedisScripts
{
    /// <summary>The error a read answers while the index is not built; the reader then asks the store.</summary>
    public const string NotReady = "NOTREADY";

    private const string ReadyCheck = """
        if KEYS[3] and redis.call('EXISTS', KEYS[3]) == 0 then return redis.error_reply('NOTREADY the index is being rebuilt') end

        """;

    /// <summary>
    /// ARGV = force, then (user, reach, score, payload, expected) per standing. A standing replaces the stored one only
    /// when its ledger id is larger: outbox relays and retries deliver at least once and out of order, and must never
    /// move a user backwards. Force (reconcile) also rewrites an entry that differs from the store, but only if the
    /// entry is still the one reconcile read (<c>expected</c>, empty for none): a credit that landed meanwhile wins.
    /// Returns the positions (0-based) of the standings it wrote.
    /// </summary>
    public const string Set = """
        local force = ARGV[1] == '1'
        local changed = {}
        for i = 2, #ARGV, 5 do
          local user, reach, score, payload, expected = ARGV[i], ARGV[i + 1], ARGV[i + 2], ARGV[i + 3], ARGV[i + 4]
          local old = redis.call('HGET', KEYS[2], user)
          local oldReach = old and string.sub(old, 1, 20)
          if (not old) or oldReach < reach or (force and old ~= payload and (old or '') == expected) then
            if old then redis.call('ZREM', KEYS[1], oldReach .. ':' .. user) end
            redis.call('ZADD', KEYS[1], score, reach .. ':' .. user)
            redis.call('HSET', KEYS[2], user, payload)
            changed[#changed + 1] = (i - 2) / 5
          end
        end
        return changed
        """;

    /// <summary>ARGV = first, last (0-based, inclusive). Returns the standings' payloads in rank order.</summary>
    public const string Range = ReadyCheck + """
        local members = redis.call('ZRANGE', KEYS[1], ARGV[1], ARGV[2])
        if #members == 0 then return {} end
        local users = {}
        for i, m in ipairs(members) do users[i] = string.sub(m, 22) end
        return redis.call('HMGET', KEYS[2], unpack(users))
        """;

    /// <summary>ARGV = user, radius. Returns {first rank (0-based), payloads…}, or {} for an unknown user.</summary>
    public const string Around = ReadyCheck + """
        local p = redis.call('HGET', KEYS[2], ARGV[1])
        if not p then return {} end
        local r = redis.call('ZRANK', KEYS[1], string.sub(p, 1, 20) .. ':' .. ARGV[1])
        if not r then return {} end
        local radius = tonumber(ARGV[2])
        local first = math.max(0, r - radius)
        local members = redis.call('ZRANGE', KEYS[1], first, r + radius)
        local users = {}
        for i, m in ipairs(members) do users[i] = string.sub(m, 22) end
        local out = { first }
        for _, payload in ipairs(redis.call('HMGET', KEYS[2], unpack(users))) do out[#out + 1] = payload end
        return out
        """;

    /// <summary>No ARGV. The number of users on the board.</summary>
    public const string Count = ReadyCheck + """
        return redis.call('ZCARD', KEYS[1])
        """;

    /// <summary>ARGV = users… Removes each from both keys.</summary>
    public const string Remove = """
        local removed = 0
        for _, user in ipairs(ARGV) do
          local old = redis.call('HGET', KEYS[2], user)
          if old then
            redis.call('ZREM', KEYS[1], string.sub(old, 1, 20) .. ':' .. user)
            redis.call('HDEL', KEYS[2], user)
            removed = removed + 1
          end
        end
        return removed
        """;
}
