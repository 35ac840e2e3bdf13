using System.Runtime.CompilerServices;
using Npgsql;
using Scoreboard.Diagnostics;
using Scoreboard.Scoring;
using Scoreboard.Scoring.Boards;

namespace Scoreboard.Storage.Postgres;

/// <summary>
/// The distributed store: PostgreSQL, shared by every instance. A batch of credits is one transaction committed
/// with <c>synchronous_commit=on</c>; the action id's unique constraint and the users row lock keep it exact across instances.
/// </summary>
public sealed partial class PostgresScoreStore(NpgsqlDataSource dataSource, TimeProvider clock, ILogger<PostgresScoreStore> logger)
    : IScoreStore
{
    private const int MaxAttempts = 3;

    public NpgsqlDataSource DataSource => dataSource;

    public Task MigrateAsync(CancellationToken cancellationToken) => PostgresMigrations.ApplyAsync(dataSource, cancellationToken);

    public async Task<IReadOnlyList<CreditOutcome>> ApplyAsync(IReadOnlyList<Credit> credits, BoardSet boards, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            try
            {
                var now = clock.GetUtcNow();
                var read = await PostgresCredit.ReadAsync(connection, credits, boards, now, cancellationToken);
                var plan = CreditBatch.Decide(credits, boards, now, read);
                await WriteAndCommitAsync(connection, plan, now, cancellationToken);
                return plan.Outcomes;
            }
            catch (PostgresException ex) when (IsRetryable(ex) && attempt < MaxAttempts)
            {
                // The whole transaction rolled back, so running it again cannot apply anything twice. A unique violation
                // is another instance committing the same action id for another user meanwhile: the retry reads it.
                await RollBackAsync(connection);
                Log.LedgerRetried(logger, credits.Count, ex.SqlState, attempt);
            }
            catch
            {
                await RollBackAsync(connection);
                throw;
            }
        }
    }

    private static bool IsRetryable(PostgresException ex) =>
        ex.SqlState is PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure
        || (ex.SqlState == PostgresErrorCodes.UniqueViolation && ex.ConstraintName == "score_events_caller_scope_action_id_key");

    // The transaction is opened by the first round trip's BEGIN; a failed one must not go back to the pool open.
    private static async Task RollBackAsync(NpgsqlConnection connection)
    {
        if (connection.FullState == System.Data.ConnectionState.Open)
        {
            try
            {
                await using var rollback = new NpgsqlCommand("ROLLBACK", connection);
                await rollback.ExecuteNonQueryAsync(CancellationToken.None);
            }
            catch (Exception ex) when (ex is NpgsqlException or TimeoutException or IOException)
            {
                // The connection broke: the server rolls back an open transaction when its session ends.
            }
        }
    }

    // An error reply from the server means the transaction rolled back; losing the connection (or timing out) after
    // the batch holding COMMIT was sent does not: PostgreSQL may have committed it. Only the second is an unknown outcome.
    private static async Task WriteAndCommitAsync(NpgsqlConnection connection, BatchPlan plan, DateTimeOffset now, CancellationToken cancellationToken)
    {
        try
        {
            await PostgresCredit.WriteAsync(connection, plan, now, cancellationToken);
        }
        catch (Exception ex) when (ex is not PostgresException && ex is NpgsqlException or TimeoutException or IOException or OperationCanceledException)
        {
            throw new CommitOutcomeUnknownException(ex);
        }
    }

    public async Task<bool> WasAppliedAsync(string scope, string actionId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(LedgerRows.SelectApplied);
        command.Parameters.AddWithValue(scope);
        command.Parameters.AddWithValue(actionId);
        return await command.ExecuteScalarAsync(cancellationToken) is not null;
    }

    public async IAsyncEnumerable<Standing> ReadStandingsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(LedgerRows.SelectStanding, connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return LedgerRows.Standing(reader);
        }
    }

    public async Task<IReadOnlyList<ScoreEvent>> ReadEventsAsync(string userId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"{LedgerRows.SelectEvent} WHERE user_id = $1 ORDER BY id");
        command.Parameters.AddWithValue(userId);
        return await LedgerRows.ReadAllAsync(command, LedgerRows.Event, cancellationToken);
    }

    public async Task<IReadOnlyList<StoredServiceKey>> ReadServiceKeysAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(LedgerRows.SelectServiceKeys);
        return await LedgerRows.ReadAllAsync(command, LedgerRows.ServiceKey, cancellationToken);
    }

    public async Task AddServiceKeyAsync(StoredServiceKey key, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("INSERT INTO service_keys (name, key_hash, action_types, created_at) VALUES ($1, $2, $3, $4)");
        command.Parameters.AddWithValue(key.Name);
        command.Parameters.AddWithValue(key.KeyHash);
        command.Parameters.AddWithValue(string.Join(',', key.ActionTypes));
        command.Parameters.AddWithValue(clock.GetUtcNow().ToUnixTimeMilliseconds());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<bool> RevokeServiceKeyAsync(string name, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("DELETE FROM service_keys WHERE name = $1");
        command.Parameters.AddWithValue(name);
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    public async Task<bool> PingAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var command = dataSource.CreateCommand("SELECT count(*) FROM schema_migrations");
            return await command.ExecuteScalarAsync(cancellationToken) is long;
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException or InvalidOperationException)
        {
            return false;
        }
    }
}
