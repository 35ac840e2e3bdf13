using System.Diagnostics;

namespace Scoreboard.Bench;

/// <summary>The timing side of <see cref="Viewers"/>: which credit each viewer has seen, and when.</summary>
internal sealed partial class Viewers
{
    /// <summary>One viewer's memory of which round it last counted, so a message seen twice counts once.</summary>
    internal sealed class Viewer
    {
        public int SeenRound;
    }

    /// <summary>One credit's wait: how long after the credit was sent each viewer first saw its row.</summary>
    internal sealed class Round
    {
        private readonly object _gate = new();
        private byte[] _marker = [0];
        private int _round;
        private long _startedAt;
        private int _remaining;
        private List<double> _samples = [];
        private TaskCompletionSource<List<double>> _done = new();

        public Task<List<double>> Start(string marker, int viewers, long startedAt)
        {
            lock (_gate)
            {
                (_marker, _remaining, _samples, _startedAt) = (System.Text.Encoding.UTF8.GetBytes(marker), viewers, new List<double>(viewers), startedAt);
                _round++;
                _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
                return _done.Task;
            }
        }

        /// <summary>The samples taken so far (for a round that timed out).</summary>
        public List<double> Partial()
        {
            lock (_gate)
            {
                return [.. _samples];
            }
        }

        public void Saw(Viewer viewer, ReadOnlySpan<byte> message)
        {
            var now = Stopwatch.GetTimestamp();
            lock (_gate)
            {
                if (_remaining > 0 && viewer.SeenRound != _round && message.IndexOf(_marker) >= 0)
                {
                    viewer.SeenRound = _round;
                    _samples.Add(Stopwatch.GetElapsedTime(_startedAt, now).TotalMilliseconds);
                    if (--_remaining == 0)
                    {
                        _done.TrySetResult(_samples);
                    }
                }
            }
        }
    }
}
