using System.Threading.Tasks.Sources;

namespace Scoreboard.Live;

/// <summary>
/// A subscriber's wake-up: <see cref="Set"/> wakes the one waiter, or the next wait when none is waiting; wake-ups
/// while one is pending collapse into it. It replaces a one-slot channel, which kept about 600 bytes of reader and
/// writer state per connection; this keeps one reusable completion source. A second waiter at the same time (a
/// long poll still open while its session upgrades to WebSocket) is rare and gets a task of its own.
/// </summary>
internal sealed class WakeSignal : IValueTaskSource<bool>
{
    private readonly Lock _lock = new();
    private ManualResetValueTaskSourceCore<bool> _core = new() { RunContinuationsAsynchronously = true };
    private CancellationTokenRegistration _registration;
    private CancellationToken _token;
    private TaskCompletionSource<bool>? _other;
    private bool _set;
    private bool _waiting;
    private bool _completed;

    /// <summary>Wakes the waiter, or the next <see cref="WaitAsync"/>.</summary>
    public void Set()
    {
        lock (_lock)
        {
            if (_completed)
            {
                return;
            }

            var woke = WakeOther(true);
            if (_waiting)
            {
                Release(true, null);
            }
            else if (!woke)
            {
                _set = true;
            }
        }
    }

    /// <summary>No more wake-ups: a pending one is still returned, then waits answer false.</summary>
    public void Complete()
    {
        lock (_lock)
        {
            _completed = true;
            WakeOther(_set);
            if (_waiting)
            {
                Release(_set, null);
                _set = false;
            }
        }
    }

    /// <summary>True when woken, false once completed; throws when <paramref name="cancellationToken"/> fires first.</summary>
    public ValueTask<bool> WaitAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (_set || _completed)
            {
                var woken = _set;
                _set = false;
                return new(woken);
            }

            cancellationToken.ThrowIfCancellationRequested();
            if (_waiting)
            {
                _other ??= new(TaskCreationOptions.RunContinuationsAsynchronously);
                return new(_other.Task.WaitAsync(cancellationToken));
            }

            _core.Reset();
            (_waiting, _token) = (true, cancellationToken);
            // Registered last: a token cancelled meanwhile runs the callback here, and the lock is re-entrant.
            _registration = cancellationToken.UnsafeRegister(static state => ((WakeSignal)state!).Cancel(), this);
            return new(this, _core.Version);
        }
    }

    public bool GetResult(short token) => _core.GetResult(token);

    public ValueTaskSourceStatus GetStatus(short token) => _core.GetStatus(token);

    public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _core.OnCompleted(continuation, state, token, flags);

    private void Cancel()
    {
        lock (_lock)
        {
            if (_waiting)
            {
                Release(false, new OperationCanceledException(_token));
            }
        }
    }

    // Under the lock.
    private bool WakeOther(bool woken)
    {
        if (_other is not { } other)
        {
            return false;
        }

        _other = null;
        other.TrySetResult(woken);
        return true;
    }

    // Under the lock. Unregister, not Dispose: Dispose would wait for a cancellation callback blocked on this lock.
    private void Release(bool woken, Exception? error)
    {
        _waiting = false;
        _registration.Unregister();
        (_registration, _token) = (default, default);
        if (error is null)
        {
            _core.SetResult(woken);
        }
        else
        {
            _core.SetException(error);
        }
    }
}
