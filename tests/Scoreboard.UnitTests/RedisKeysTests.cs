using Scoreboard.Ranking.Redis;
using StackExchange.Redis;

namespace Scoreboard.UnitTests;

/// <summary>Where the keys land on a Redis Cluster: shared keys together (scripts touch several), per-user keys spread.</summary>
public sealed class RedisKeysTests
{
    private readonly RedisKeys _keys = new("scoreboard");

    [Fact]
    public void Per_user_keys_spread_over_cluster_slots_and_the_shared_keys_share_one()
    {
        var users = Enumerable.Range(0, 50).Select(i => $"user_{i}").ToList();
        Assert.Equal(0x31C3, Slot("123456789")); // the cluster specification's check value

        var cooldownSlots = users.Select(u => Slot(_keys.Cooldown(u, "LEVEL_UP"))).Distinct().Count();
        var timesSlots = users.Select(u => Slot(_keys.AnomalyTimes(u))).Distinct().Count();
        var budgetSlots = users.Select(u => Slot(_keys.Limit("user", u))).Distinct().Count();
        var sharedSlots = new[] { _keys.Board, _keys.AnomalyWindow, _keys.AnomalyGains, _keys.AnomalyPopulation }
            .Select(Slot).Distinct().Count();

        Assert.True(cooldownSlots > 40, $"cool-down keys of 50 users fell into {cooldownSlots} slots");
        Assert.True(timesSlots > 40, $"anomaly keys of 50 users fell into {timesSlots} slots");
        Assert.True(budgetSlots > 40, $"budget keys of 50 users fell into {budgetSlots} slots");
        Assert.Equal(Slot(_keys.Limit("user", "u1")), Slot(_keys.Limit("user-hour", "u1")));
        Assert.Equal(1, sharedSlots);
        Assert.Equal(Slot(_keys.Cooldown("u1", "A")), Slot(_keys.AnomalyTimes("u1")));
    }

    // Redis Cluster's key slot: CRC16 (XMODEM) of the hash tag (or of the whole key without one), modulo 16384.
    private static int Slot(RedisKey key)
    {
        var text = key.ToString();
        var open = text.IndexOf('{', StringComparison.Ordinal);
        var close = open < 0 ? -1 : text.IndexOf('}', open + 1);
        if (close > open + 1)
        {
            text = text[(open + 1)..close];
        }

        var crc = 0;
        foreach (var b in System.Text.Encoding.UTF8.GetBytes(text))
        {
            crc ^= b << 8;
            for (var i = 0; i < 8; i++)
            {
                crc = (crc & 0x8000) != 0 ? ((crc << 1) ^ 0x1021) & 0xFFFF : (crc << 1) & 0xFFFF;
            }
        }

        return crc % 16384;
    }
}
