using Scoreboard.Security.Limits;

namespace Scoreboard.UnitTests.Security;

public sealed class CooldownsTests
{
    private readonly ManualClock _clock = new();

    [Fact]
    public void A_claimed_slot_makes_the_next_claim_wait_for_the_rest_of_the_interval()
    {
        var cooldowns = new Cooldowns(_clock);

        var first = cooldowns.TryClaim("u1", "LEVEL_UP", 30_000);
        _clock.Now += TimeSpan.FromSeconds(10);
        var second = cooldowns.TryClaim("u1", "LEVEL_UP", 30_000);
        var otherType = cooldowns.TryClaim("u1", "TASK", 30_000);
        var otherUser = cooldowns.TryClaim("u2", "LEVEL_UP", 30_000);

        Assert.True(first.Claimed);
        Assert.Equal(TimeSpan.FromSeconds(20), second.Wait);
        Assert.True(otherType.Claimed);
        Assert.True(otherUser.Claimed);
    }

    [Fact]
    public void A_released_slot_is_free_again_and_an_ended_one_is_claimed_anew()
    {
        var cooldowns = new Cooldowns(_clock);

        cooldowns.Release(cooldowns.TryClaim("u1", "LEVEL_UP", 30_000));
        var afterRelease = cooldowns.TryClaim("u1", "LEVEL_UP", 30_000);
        _clock.Now += TimeSpan.FromSeconds(30);
        var afterInterval = cooldowns.TryClaim("u1", "LEVEL_UP", 30_000);
        cooldowns.Release(afterInterval);
        var afterSecondRelease = cooldowns.TryClaim("u1", "LEVEL_UP", 30_000);

        Assert.True(afterRelease.Claimed);
        Assert.True(afterInterval.Claimed);
        Assert.True(afterSecondRelease.Claimed);
    }

    [Fact]
    public void Releasing_a_refused_claim_does_not_free_the_holders_slot()
    {
        var cooldowns = new Cooldowns(_clock);
        cooldowns.TryClaim("u1", "LEVEL_UP", 30_000);

        cooldowns.Release(cooldowns.TryClaim("u1", "LEVEL_UP", 30_000));

        Assert.False(cooldowns.TryClaim("u1", "LEVEL_UP", 30_000).Claimed);
    }

    private sealed class ManualClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = DateTimeOffset.UnixEpoch.AddDays(20_000);

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
