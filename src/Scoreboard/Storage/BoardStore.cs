using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Scoreboard.Scoring;
using Scoreboard.Scoring.Boards;

namespace Scoreboard.Storage;

/// <summary>A board as stored by the admin API: its definition as JSON and when it began counting.</summary>
public sealed record StoredBoard(string Id, string Definition, DateTimeOffset CreatedAt);

/// <summary>
/// Boards, seasons, standings and entry metadata in the store. The SQL is the same on SQLite and PostgreSQL (the
/// schemas mirror each other), so one class serves both, over whichever connection the store opens.
/// </summary>
public sealed class BoardStore(Func<CancellationToken, Task<DbConnection>> open)
{
    public async Task<(IReadOnlyList<StoredBoard> Boards, IReadOnlyList<(string BoardId, Season Season)> Seasons)> ReadBoardsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await open(cancellationToken);
        var boards = await ReadAsync(connection, "SELECT id, definition, created_at FROM boards ORDER BY id",
            r => new StoredBoard(r.GetString(0), r.GetString(1), Time(r, 2)), cancellationToken);
        var seasons = await ReadAsync(connection, "SELECT board_id, id, starts_at, ends_at FROM seasons ORDER BY board_id, starts_at",
            r => (r.GetString(0), new Season(r.GetString(1), Time(r, 2), Time(r, 3))), cancellationToken);
        return (boards, seasons);
    }

    /// <summary>
    /// Creates or replaces a board. A new board starts with no standings: rows a deleted board of the same id left
    /// (an instance that had not yet seen the deletion) are removed in the same transaction.
    /// </summary>
    public async Task SaveBoardAsync(StoredBoard board, bool isNew, CancellationToken cancellationToken)
    {
        await using var connection = await open(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (isNew)
        {
            await ExecuteAsync(connection, transaction, "DELETE FROM board_standings WHERE board_id = $1", cancellationToken, board.Id);
        }

        await ExecuteAsync(connection, transaction, """
            INSERT INTO boards (id, definition, created_at) VALUES ($1, $2, $3)
            ON CONFLICT (id) DO UPDATE SET definition = excluded.definition
            """, cancellationToken, board.Id, board.Definition, board.CreatedAt.ToUnixTimeMilliseconds());
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Removes a stored board with its seasons and standings; the ledger keeps every event. False when there was none.</summary>
    public async Task<bool> DeleteBoardAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await open(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var deleted = await ExecuteAsync(connection, transaction, "DELETE FROM boards WHERE id = $1", cancellationToken, id);
        await ExecuteAsync(connection, transaction, "DELETE FROM seasons WHERE board_id = $1", cancellationToken, id);
        await ExecuteAsync(connection, transaction, "DELETE FROM board_standings WHERE board_id = $1", cancellationToken, id);
        await transaction.CommitAsync(cancellationToken);
        return deleted > 0;
    }

    public async Task SaveSeasonAsync(string boardId, Season season, CancellationToken cancellationToken)
    {
        await using var connection = await open(cancellationToken);
        await ExecuteAsync(connection, null, """
            INSERT INTO seasons (board_id, id, starts_at, ends_at) VALUES ($1, $2, $3, $4)
            ON CONFLICT (board_id, id) DO UPDATE SET starts_at = excluded.starts_at, ends_at = excluded.ends_at
            """, cancellationToken, boardId, season.Id, season.StartsAt.ToUnixTimeMilliseconds(), season.EndsAt.ToUnixTimeMilliseconds());
    }

    /// <summary>A board's standings in the given periods, with display names: what the rank index is rebuilt from.</summary>
    public async IAsyncEnumerable<(BoardStanding Standing, string? Name)> ReadStandingsAsync(
        string boardId, IReadOnlySet<string> periods, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var connection = await open(cancellationToken);
        await using var command = Command(connection, null, """
            SELECT b.period_key, b.user_id, b.score, b.action_count, b.reached_at, b.last_updated, u.username
            FROM board_standings b JOIN users u ON u.id = b.user_id WHERE b.board_id = $1
            """, boardId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var period = reader.GetString(0);
            if (periods.Contains(period))
            {
                yield return (new BoardStanding(new BoardPeriod(boardId, period), reader.GetString(1), reader.GetInt64(2), reader.GetInt64(4),
                    reader.GetInt64(3), Time(reader, 5)), reader.IsDBNull(6) ? null : reader.GetString(6));
            }
        }
    }

    /// <summary>The newest event id in the ledger: a position that never falls.</summary>
    public async Task<long> LedgerPositionAsync(CancellationToken cancellationToken)
    {
        await using var connection = await open(cancellationToken);
        await using var command = Command(connection, null, "SELECT coalesce(max(id), 0) FROM score_events");
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The entry metadata of each of <paramref name="userIds"/> that has some.</summary>
    public async Task<IReadOnlyDictionary<string, string>> ReadMetadataAsync(IReadOnlyCollection<string> userIds, CancellationToken cancellationToken)
    {
        var found = new Dictionary<string, string>(StringComparer.Ordinal);
        if (userIds.Count == 0)
        {
            return found;
        }

        // One query: a placeholder per user (at most a page of a board), the same text on both providers.
        var users = userIds.ToArray();
        await using var connection = await open(cancellationToken);
        var placeholders = string.Join(", ", users.Select((_, i) => $"${i + 1}"));
        await using var command = Command(connection, null, $"SELECT user_id, metadata FROM user_metadata WHERE user_id IN ({placeholders})", users);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            found[reader.GetString(0)] = reader.GetString(1);
        }

        return found;
    }

    private static async Task<List<T>> ReadAsync<T>(DbConnection connection, string sql, Func<DbDataReader, T> row, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, null, sql);
        return await LedgerRows.ReadAllAsync(command, row, cancellationToken);
    }

    private static async Task<int> ExecuteAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken, params object[] values)
    {
        await using var command = Command(connection, transaction, sql, values);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    // PostgreSQL numbers its parameters $1, $2…; SQLite reads the same text as named parameters "$1", "$2"….
    internal static DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql, params object[] values)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        for (var i = 0; i < values.Length; i++)
        {
            var parameter = command.CreateParameter();
            if (connection is SqliteConnection)
            {
                parameter.ParameterName = $"${i + 1}";
            }

            parameter.Value = values[i];
            command.Parameters.Add(parameter);
        }

        return command;
    }

    private static DateTimeOffset Time(DbDataReader reader, int ordinal) => DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(ordinal));
}
