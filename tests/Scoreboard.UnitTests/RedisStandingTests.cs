using System.Globalization;
using System.Text;
using Scoreboard.Ranking.Redis;
using Scoreboard.Scoring;

namespace Scoreboard.UnitTests;

/// <summary>The Redis encoding sorts exactly as <see cref="TieRule"/>: by the double score, then by member bytes.</summary>
public sealed class RedisStandingTests
{
    private static readonly DateTimeOffset At = DateTimeOffset.UnixEpoch;

    [Theory]
    [InlineData(ScoreLimits.MaxScore)]
    [InlineData(ScoreLimits.MaxScore - 1)]
    [InlineData(1L << 53 >> 1)]
    [InlineData(1)]
    public void Every_allowed_total_survives_the_double_score_exactly(long total)
    {
        var parsed = double.Parse(RedisStanding.Score(total), CultureInfo.InvariantCulture);

        Assert.Equal(-total, (long)parsed);
        Assert.NotEqual(parsed, double.Parse(RedisStanding.Score(total - 1), CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Member_byte_order_is_the_tie_rule_for_equal_scores()
    {
        var random = new Random(7);
        const string chars = "aAzZ09_-.:@";
        var standings = Enumerable.Range(0, 2_000).Select(_ => new Standing(
            new string(Enumerable.Range(0, random.Next(1, 4)).Select(_ => chars[random.Next(chars.Length)]).ToArray()),
            null, 100, random.Next(3) == 0 ? random.NextInt64(1, long.MaxValue) : random.Next(1, 20), At)).ToList();

        var byTieRule = standings.Order(TieRule.Instance).Select(RedisStanding.Member).ToList();
        var byBytes = standings.Select(RedisStanding.Member).OrderBy(m => Encoding.UTF8.GetBytes(m), ByteOrder.Instance).ToList();

        Assert.Equal(byTieRule, byBytes);
    }

    [Fact]
    public void Payload_round_trips_names_with_separators_and_missing_names()
    {
        var named = new Standing("user_1", "A | B", 42, 7, DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_123));
        var unnamed = named with { DisplayName = null };

        Assert.Equal(named, RedisStanding.Parse(RedisStanding.Payload(named)));
        Assert.Equal(unnamed, RedisStanding.Parse(RedisStanding.Payload(unnamed)));
    }

    private sealed class ByteOrder : IComparer<byte[]>
    {
        public static readonly ByteOrder Instance = new();

        public int Compare(byte[]? x, byte[]? y) => x.AsSpan().SequenceCompareTo(y);
    }
}
