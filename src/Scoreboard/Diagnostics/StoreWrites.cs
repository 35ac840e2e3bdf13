using Microsoft.Data.Sqlite;
using Npgsql;

namespace Scoreboard.Diagnostics;

/// <summary>
/// Whether the store takes writes, as the ledger writer last found it. A full disk or a store that refuses writes
/// leaves reads (and so a ping) working, so <c>/health</c> asks here too: while writes fail it answers 503
/// <c>write_failing</c>, and a load balancer drains the instance. Each kind of failure is logged once with its
/// message (no stack trace) and then counted; the count is logged each minute it grows and when writes recover.
/// </summary>
public sealed class StoreWrites(TimeProvider clock, ILogger<StoreWrites> logger)
{
    /// <summary>
    /// A drained instance gets no credits to prove it has recovered, so a failure holds for this long and then the
    /// instance is offered traffic again (a circuit breaker's half-open state); a success clears it at once.
    /// </summary>
    public static readonly TimeSpan FailureHold = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan ReportEvery = TimeSpan.FromMinutes(1);

    private readonly Lock _lock = new();
    private readonly Dictionary<string, long> _failures = new(StringComparer.Ordinal);
    private DateTimeOffset? _lastWriteFailure;
    private DateTimeOffset _lastReport;
    private long _total;

    /// <summary>True while the last write failed for a reason other than the store being unreachable, within <see cref="FailureHold"/>.</summary>
    public bool IsFailing
    {
        get
        {
            lock (_lock)
            {
                return _lastWriteFailure is { } at && clock.GetUtcNow() - at < FailureHold;
            }
        }
    }

    public void Failed(Exception exception)
    {
        var (kind, unreachable) = Classify(exception);
        lock (_lock)
        {
            var now = clock.GetUtcNow();
            if (!unreachable)
            {
                _lastWriteFailure = now;
            }

            _total++;
            _failures[kind] = _failures.GetValueOrDefault(kind) + 1;
            if (_failures[kind] == 1)
            {
                _lastReport = now;
                Log.StoreWriteFailing(logger, kind, exception.GetBaseException().Message);
            }
            else if (now - _lastReport >= ReportEvery)
            {
                _lastReport = now;
                Log.StoreWriteStillFailing(logger, _total, string.Join(", ", _failures.Select(f => $"{f.Key} ×{f.Value}")));
            }
        }
    }

    public void Succeeded()
    {
        lock (_lock)
        {
            if (_total == 0)
            {
                return;
            }

            Log.StoreWriteRecovered(logger, _total, string.Join(", ", _failures.Select(f => $"{f.Key} ×{f.Value}")));
            (_total, _lastWriteFailure) = (0, null);
            _failures.Clear();
        }
    }

    /// <summary>
    /// A failure's kind, for counting, and whether the store was merely unreachable: then a ping fails too and
    /// <c>/health</c> says <c>disconnected</c>. An answer from PostgreSQL refusing the write is a write failure.
    /// </summary>
    internal static (string Kind, bool Unreachable) Classify(Exception exception) => exception switch
    {
        PostgresException pg => ($"PostgreSQL {pg.SqlState}", false),
        NpgsqlException or TimeoutException or System.Net.Sockets.SocketException => ("PostgreSQL unreachable", true),
        SqliteException sqlite => ($"SQLite error {sqlite.SqliteExtendedErrorCode}", false),
        _ when exception.InnerException is { } inner => Classify(inner),
        _ => (exception.GetType().Name, false),
    };
}
