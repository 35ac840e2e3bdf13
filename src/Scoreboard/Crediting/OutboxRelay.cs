using Microsoft.Extensions.Options;
using Npgsql;
using Scoreboard.Diagnostics;
using Scoreboard.Live;
using Scoreboard.Ranking.Redis;
using Scoreboard.Scoring;
using Scoreboard.Storage;
using Scoreboard.Storage.Postgres;
using StackExchange.Redis;

namespace Scoreboard.Crediting;

/// <summary>
/// Delivers the transactional outbox to Redis. Every credit leaves a <c>rank_outbox</c> row in its own transaction;
/// the ledger writer updates Redis right after the commit, and this relay, a moment later, writes the user's current
/// standing again (a no-op when it arrived) and only then removes the row. A crash between commit and index update,
/// or a Redis outage, thus heals by itself. It also rebuilds the whole index when Redis lost it (restart, flush).
/// One instance relays at a time (an advisory lock), so N instances do not multiply the work.
/// Standings the relay brings into Redis were never announced (the writer's update failed with Redis), so it publishes
/// them on the bus, and after a rebuild it publishes an empty change: every instance's feed recomputes its board.
/// The same pass rewrites the drained users' standings on the other boards (<see cref="BoardRelay"/>).
/// </summary>
public sealed class OutboxRelay(
    NpgsqlDataSource dataSource, RedisRankIndex index, IConnectionMultiplexer redis, PostgresScoreStore store, IBoardBus bus,
    BoardRelay boards, IOptions<RedisOptions> options, IHostApplicationLifetime lifetime, ILogger<OutboxRelay> logger, ScoreboardMetrics metrics) : BackgroundService
{
    private const long RelayLock = 0x5C0_4EB0_A4E;
    private const int Batch = 1_000;
    private volatile bool _rebuildNeeded;
    private bool _failing;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // A Redis that comes back may be empty or an older snapshot: rebuild rather than trust it.
        redis.ConnectionRestored += (_, _) => _rebuildNeeded = true;

        // Start once the server has started: by then the warm-up has migrated the store and built the index.
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        {
            await started.Task.WaitAsync(stoppingToken);
        }

        using var timer = new PeriodicTimer(options.Value.RelayInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await RelayOnceAsync(stoppingToken);
                _failing = false;
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // Whatever failed (Redis, PostgreSQL, a connection dropped mid-pass), the rows stay and the next tick
                // retries; a background loop must never take the server down with it.
                if (!_failing)
                {
                    Log.OutboxRelayFailed(logger, ex);
                }

                _failing = true;
            }
        }
    }

    /// <summary>One pass: rebuild if Redis lost the index, then drain the outbox. False when another instance holds the relay.</summary>
    public async Task<bool> RelayOnceAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        if (!await ScalarAsync<bool>(connection, $"SELECT pg_try_advisory_lock({RelayLock})", cancellationToken))
        {
            return false;
        }

        try
        {
            // After a rebuild the outbox still holds the credits Redis missed, but the rebuild already wrote them:
            // they are announced as they are drained, whether or not the drain itself changed Redis.
            var rebuilt = false;
            if (_rebuildNeeded || !await index.IsReadyAsync())
            {
                _rebuildNeeded = false;
                Log.IndexRebuildNeeded(logger);
                var rebuildStarted = System.Diagnostics.Stopwatch.GetTimestamp();
                await index.RebuildAsync(store.ReadStandingsAsync(cancellationToken), written => Log.IndexRebuildProgress(logger, written), cancellationToken);
                await bus.PublishAsync([], cancellationToken);
                metrics.IndexRebuilt(ScoreboardMetrics.Since(rebuildStarted), "relay");
                rebuilt = true;
            }

            int relayed;
            do
            {
                relayed = await DrainAsync(connection, rebuilt, cancellationToken);
                if (relayed > 0)
                {
                    Log.OutboxRelayed(logger, relayed);
                }
            }
            while (relayed == Batch);
        }
        finally
        {
            // A broken connection has already dropped the lock along with the session.
            if (connection.FullState == System.Data.ConnectionState.Open)
            {
                await ScalarAsync<bool>(connection, $"SELECT pg_advisory_unlock({RelayLock})", CancellationToken.None);
            }
        }

        return true;
    }

    private async Task<int> DrainAsync(NpgsqlConnection connection, bool announceAll, CancellationToken cancellationToken)
    {
        var users = new List<string>();
        var events = new List<long>();
        var standings = new List<Standing>();
        await using var read = new NpgsqlCommand($"""
            SELECT o.user_id, o.event_id, s.user_id, u.username, s.score, s.reached_at, s.last_updated
            FROM rank_outbox o JOIN user_scores s ON s.user_id = o.user_id JOIN users u ON u.id = o.user_id
            WHERE o.queued_at <= $1
            ORDER BY o.queued_at LIMIT {Batch}
            """, connection);

        // A row younger than one relay interval is still the writer's to deliver (it updates Redis and announces the
        // standing right after its commit): taking it too would announce the same standing twice.
        read.Parameters.AddWithValue(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - (long)options.Value.RelayInterval.TotalMilliseconds);

        await using (var reader = await read.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                users.Add(reader.GetString(0));
                events.Add(reader.GetInt64(1));
                standings.Add(LedgerRows.Standing(reader, 2));
            }
        }

        if (users.Count == 0)
        {
            return 0;
        }

        // The standing was read after the outbox row, so it is that credit's or a newer one: once Redis holds it,
        // the row is done. A row re-queued meanwhile carries a newer event id and stays.
        var changed = await index.SetChangedAsync(standings);
        var touched = await boards.RelayAsync(connection, users, cancellationToken);
        if (announceAll || changed.Count > 0 || touched.Count > 0)
        {
            await bus.PublishAsync(announceAll ? standings : changed, touched, cancellationToken);
        }

        // Rows a credit is rewriting right now are locked: skip them rather than wait (they carry a newer event id
        // and a later pass takes them), so the relay never blocks or deadlocks a credit.
        await using var delete = new NpgsqlCommand("""
            DELETE FROM rank_outbox o USING (
                SELECT r.user_id FROM rank_outbox r
                JOIN unnest($1::text[], $2::bigint[]) AS d(user_id, event_id) ON r.user_id = d.user_id AND r.event_id = d.event_id
                FOR UPDATE OF r SKIP LOCKED) AS done
            WHERE o.user_id = done.user_id
            """, connection);
        delete.Parameters.AddWithValue(users.ToArray());
        delete.Parameters.AddWithValue(events.ToArray());
        await delete.ExecuteNonQueryAsync(cancellationToken);
        return users.Count;
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync(cancellationToken))!;
    }
}
