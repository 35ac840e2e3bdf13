using System.Data;
using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Scoreboard.Security.Tickets;
using Scoreboard.Storage;
using static Scoreboard.Storage.BoardStore;

namespace Scoreboard.Privacy;

/// <summary>
/// One user's rows, read for an export; the pseudonyms' key; and retention's scrub. The SQL is the same on SQLite and
/// PostgreSQL (the schemas mirror each other), over whichever connection the store opens, as <see cref="BoardStore"/>'s.
/// </summary>
public sealed partial class PrivacyStore(Func<CancellationToken, Task<DbConnection>> open, bool postgres)
{
    private const string SelectEvents = """
        SELECT id, caller_scope, action_id, action_type, points, score_before, score_after, reason, source, caller, ip,
               user_agent, request_hash, created_at, reverses_event_id
        FROM score_events WHERE user_id = $1 ORDER BY id
        """;

    /// <summary>Every row about <paramref name="userId"/>, read in one snapshot; null when the store holds none.</summary>
    public async Task<UserExport?> ReadAsync(string userId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await open(cancellationToken);
        await using var transaction = connection is SqliteConnection sqlite
            ? sqlite.BeginTransaction(deferred: true)
            : await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);
        var user = await RowsAsync(connection, transaction, "SELECT username, created_at FROM users WHERE id = $1",
            r => (Name: Text(r, 0), Since: Time(r, 1)), userId, cancellationToken);
        var total = await RowsAsync(connection, transaction, "SELECT score, action_count, reached_at, last_updated FROM user_scores WHERE user_id = $1",
            r => new ExportedStanding(r.GetInt64(0), null, r.GetInt64(1), r.GetInt64(2), Time(r, 3)), userId, cancellationToken);
        var boards = await RowsAsync(connection, transaction, """
            SELECT board_id, period_key, score, action_count, reached_at, last_updated FROM board_standings
            WHERE user_id = $1 ORDER BY board_id, period_key
            """, r => new ExportedBoardStanding(r.GetString(0), r.GetString(1), r.GetInt64(2), r.GetInt64(3), r.GetInt64(4), Time(r, 5)),
            userId, cancellationToken);
        var events = await RowsAsync(connection, transaction, SelectEvents, Event, userId, cancellationToken);
        var flags = await RowsAsync(connection, transaction, $"{LedgerRows.SelectFlag} WHERE user_id = $1 ORDER BY id", LedgerRows.Flag, userId, cancellationToken);
        var metadata = await RowsAsync(connection, transaction, "SELECT metadata, updated_at FROM user_metadata WHERE user_id = $1",
            r => (Json: JsonDocument.Parse(r.GetString(0)).RootElement.Clone(), At: Time(r, 1)), userId, cancellationToken);
        if (user.Count + events.Count + flags.Count == 0)
        {
            return null;
        }

        var tickets = events.Where(e => ActionTickets.LooksLikeTicket(e.ActionId))
            .Select(e => new ExportedTicket(e.ActionId, e.ActionType, e.Id, e.CreatedAt)).ToList();
        return new UserExport(userId, user.FirstOrDefault().Name, user.Count > 0 ? user[0].Since : null, total.FirstOrDefault(), boards, events,
            flags, tickets, metadata.Count > 0 ? metadata[0].Json : null, metadata.Count > 0 ? metadata[0].At : null, now);
    }

    /// <summary>
    /// The pseudonyms' key kept in the store: the first caller's <paramref name="candidate"/> wins, and every instance
    /// reads that one thereafter.
    /// </summary>
    public async Task<string> StoredKeyAsync(string candidate, CancellationToken cancellationToken)
    {
        await using var connection = await open(cancellationToken);
        await ExecuteAsync(connection, null, "INSERT INTO privacy_key (id, key) VALUES (1, $1) ON CONFLICT (id) DO NOTHING", cancellationToken, candidate);
        await using var read = Command(connection, null, "SELECT key FROM privacy_key WHERE id = 1");
        return (string)(await read.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>
    /// Removes the IP address and user agent of up to <paramref name="limit"/> events created before
    /// <paramref name="before"/>, oldest first, in one transaction; returns how many. Points and totals are not touched.
    /// </summary>
    public async Task<int> ScrubAsync(DateTimeOffset before, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await open(cancellationToken);
        return await ExecuteAsync(connection, null, """
            UPDATE score_events SET ip = NULL, user_agent = NULL WHERE id IN (
                SELECT id FROM score_events WHERE created_at < $1 AND (ip IS NOT NULL OR user_agent IS NOT NULL)
                ORDER BY created_at LIMIT $2)
            """, cancellationToken, before.ToUnixTimeMilliseconds(), (long)limit);
    }

    private static ExportedEvent Event(DbDataReader r) => new(
        r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetInt64(4), r.GetInt64(5), r.GetInt64(6), Text(r, 7),
        r.GetString(8), r.GetString(9), Text(r, 10), Text(r, 11), Text(r, 12), Time(r, 13), r.IsDBNull(14) ? null : r.GetInt64(14));

    private static async Task<List<T>> RowsAsync<T>(
        DbConnection connection, DbTransaction transaction, string sql, Func<DbDataReader, T> row, string userId, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction, sql, userId);
        return await LedgerRows.ReadAllAsync(command, row, cancellationToken);
    }

    private static async Task<long> ScalarAsync(DbConnection connection, DbTransaction transaction, string sql, CancellationToken cancellationToken, params object[] values)
    {
        await using var command = Command(connection, transaction, sql, values);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }

    private static string? Text(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private static DateTimeOffset Time(DbDataReader reader, int ordinal) => DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(ordinal));
}
