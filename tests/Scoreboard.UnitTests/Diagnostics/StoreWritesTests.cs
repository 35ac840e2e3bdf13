using Microsoft.Extensions.Logging.Abstractions;
using Scoreboard.Diagnostics;

namespace Scoreboard.UnitTests.Diagnostics;

public sealed class StoreWritesTests
{
    [Fact]
    public void A_write_failure_holds_until_a_write_succeeds_or_the_hold_passes()
    {
        var clock = new ManualClock();
        var writes = new StoreWrites(clock, NullLogger<StoreWrites>.Instance);

        writes.Failed(new IOException("disk full"));
        var failing = writes.IsFailing;
        clock.Now += StoreWrites.FailureHold;
        var afterHold = writes.IsFailing;
        writes.Failed(new IOException("disk full"));
        writes.Succeeded();

        Assert.True(failing);
        Assert.False(afterHold);
        Assert.False(writes.IsFailing);
    }

    [Fact]
    public void An_unreachable_database_is_not_a_write_failure()
    {
        var writes = new StoreWrites(new ManualClock(), NullLogger<StoreWrites>.Instance);

        writes.Failed(new Npgsql.NpgsqlException("Exception while reading from stream", new TimeoutException()));

        Assert.False(writes.IsFailing);
    }

    private sealed class ManualClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = DateTimeOffset.UnixEpoch;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
