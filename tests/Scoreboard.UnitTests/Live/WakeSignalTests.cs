using Scoreboard.Live;

namespace Scoreboard.UnitTests.Live;

/// <summary>A subscriber's wake-up: none is lost, several collapse into one, completion and cancellation end a wait.</summary>
public sealed class WakeSignalTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_wake_before_the_wait_is_kept_and_several_collapse_into_one()
    {
        var signal = new WakeSignal();
        signal.Set();
        signal.Set();

        Assert.True(await signal.WaitAsync(CancellationToken.None));
        var next = signal.WaitAsync(CancellationToken.None).AsTask();
        await Task.Delay(50);
        Assert.False(next.IsCompleted);

        signal.Set();
        Assert.True(await next.WaitAsync(Deadline));
    }

    [Fact]
    public async Task The_same_signal_serves_many_waits_in_turn()
    {
        var signal = new WakeSignal();
        for (var i = 0; i < 1000; i++)
        {
            var waiting = signal.WaitAsync(CancellationToken.None).AsTask();
            _ = Task.Run(signal.Set);
            Assert.True(await waiting.WaitAsync(Deadline));
        }
    }

    [Fact]
    public async Task Complete_ends_a_pending_wait_and_every_later_one()
    {
        var signal = new WakeSignal();
        var waiting = signal.WaitAsync(CancellationToken.None).AsTask();

        signal.Complete();

        Assert.False(await waiting.WaitAsync(Deadline));
        Assert.False(await signal.WaitAsync(CancellationToken.None));
        signal.Set();
        Assert.False(await signal.WaitAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_cancelled_wait_throws_and_the_signal_still_works()
    {
        var signal = new WakeSignal();
        using var cancel = new CancellationTokenSource();
        var waiting = signal.WaitAsync(cancel.Token).AsTask();

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting.WaitAsync(Deadline));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => signal.WaitAsync(cancel.Token).AsTask());
        signal.Set();
        Assert.True(await signal.WaitAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Two_waiters_at_once_are_both_woken()
    {
        var signal = new WakeSignal();
        var first = signal.WaitAsync(CancellationToken.None).AsTask();
        var second = signal.WaitAsync(CancellationToken.None).AsTask();

        signal.Set();

        var woken = await Task.WhenAll(first, second).WaitAsync(Deadline);
        Assert.Equal([true, true], woken);
    }
}
