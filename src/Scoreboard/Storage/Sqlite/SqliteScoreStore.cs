using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Scoreboard.Scoring;
using Scoreboard.Scoring.Boards;

namespace Scoreboard.Storage.Sqlite;

/// <summary>
/// The embedded store: one SQLite file in WAL mode with <c>synchronous=FULL</c>, so a commit that
/// returned survives a crash or power loss. All writes go through one connection (SQLite has one writer).
/// </summary>
public sealed partial class SqliteScoreStore : IScoreStore, IAsyncDisposable
{
    private readonly string _connectionString;
    private readonly TimeProvider _clock;
    private readonly SemaphoreSlim _writerGate = new(1, 1);
    private SqliteConnection? _writer;
    private SqliteCredit? _credit;

    public SqliteScoreStore(IOptions<StorageOptions> options, TimeProvider clock)
    {
        var path = options.Value.DatabasePath;
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        _connectionString = new SqliteConnectionStringBuilder { DataSource = path, Pooling = true }.ToString();
        _clock = clock;
    }

    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await _writerGate.WaitAsync(cancellationToken);
        try
        {
            _writer ??= await OpenAsync(cancellationToken);
            await SqliteMigrations.ApplyAsync(_writer, cancellationToken);
            _credit ??= new SqliteCredit(_writer);
        }
        finally
        {
            _writerGate.Release();
        }
    }

    public async Task<IReadOnlyList<CreditOutcome>> ApplyAsync(IReadOnlyList<Credit> credits, BoardSet boards, CancellationToken cancellationToken)
    {
        await _writerGate.WaitAsync(cancellationToken);
        try
        {
            var credit = _credit ?? throw new InvalidOperationException("The store is not migrated.");
            using var transaction = _writer!.BeginTransaction();
            var outcomes = credit.Apply(transaction, credits, boards, _clock.GetUtcNow());
            transaction.Commit();
            return outcomes;
        }
        finally
        {
            _writerGate.Release();
        }
    }

    public async Task<bool> WasAppliedAsync(string scope, string actionId, CancellationToken cancellationToken)
    {
        // A reader connection: WAL lets it run beside the writer, so a replay never waits for a batch to commit.
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = LedgerRows.SelectApplied;
        command.Parameters.AddWithValue("$1", scope);
        command.Parameters.AddWithValue("$2", actionId);
        return await command.ExecuteScalarAsync(cancellationToken) is not null;
    }

    public async IAsyncEnumerable<Standing> ReadStandingsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = LedgerRows.SelectStanding;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return LedgerRows.Standing(reader);
        }
    }

    public async Task<IReadOnlyList<ScoreEvent>> ReadEventsAsync(string userId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"{LedgerRows.SelectEvent} WHERE user_id = $user ORDER BY id";
        command.Parameters.AddWithValue("$user", userId);
        return await LedgerRows.ReadAllAsync(command, LedgerRows.Event, cancellationToken);
    }

    public async Task<IReadOnlyList<StoredServiceKey>> ReadServiceKeysAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = LedgerRows.SelectServiceKeys;
        return await LedgerRows.ReadAllAsync(command, LedgerRows.ServiceKey, cancellationToken);
    }

    public async Task AddServiceKeyAsync(StoredServiceKey key, CancellationToken cancellationToken)
    {
        await _writerGate.WaitAsync(cancellationToken);
        try
        {
            await using var command = _writer!.CreateCommand();
            command.CommandText = "INSERT INTO service_keys (name, key_hash, action_types, created_at) VALUES ($name, $hash, $types, $now)";
            command.Parameters.AddWithValue("$name", key.Name);
            command.Parameters.AddWithValue("$hash", key.KeyHash);
            command.Parameters.AddWithValue("$types", string.Join(',', key.ActionTypes));
            command.Parameters.AddWithValue("$now", _clock.GetUtcNow().ToUnixTimeMilliseconds());
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        finally
        {
            _writerGate.Release();
        }
    }

    public async Task<bool> RevokeServiceKeyAsync(string name, CancellationToken cancellationToken)
    {
        await _writerGate.WaitAsync(cancellationToken);
        try
        {
            await using var command = _writer!.CreateCommand();
            command.CommandText = "DELETE FROM service_keys WHERE name = $name";
            command.Parameters.AddWithValue("$name", name);
            return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
        }
        finally
        {
            _writerGate.Release();
        }
    }

    public async Task<bool> PingAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await OpenAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT count(*) FROM schema_migrations";
            return await command.ExecuteScalarAsync(cancellationToken) is long;
        }
        catch (SqliteException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        _credit?.Dispose();
        if (_writer is not null)
        {
            await _writer.DisposeAsync();
        }

        _writerGate.Dispose();
    }

    /// <summary>A connection of its own (WAL lets it read beside the writer), for the boards' rows.</summary>
    internal async Task<System.Data.Common.DbConnection> OpenConnectionAsync(CancellationToken cancellationToken) => await OpenAsync(cancellationToken);

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var pragmas = connection.CreateCommand();
        // journal_mode is stored in the file; synchronous and the rest are per connection.
        pragmas.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=5000;";
        await pragmas.ExecuteNonQueryAsync(cancellationToken);
        return connection;
    }
}
