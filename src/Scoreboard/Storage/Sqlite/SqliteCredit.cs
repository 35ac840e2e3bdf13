using Microsoft.Data.Sqlite;
using Scoreboard.Scoring;
using Scoreboard.Scoring.Boards;

namespace Scoreboard.Storage.Sqlite;

/// <summary>
/// The statements of a batch of credits, prepared once on the writer connection and reused: read what the credit rule
/// needs, let <see cref="CreditBatch"/> decide, write what it decided. Under the single writer nothing interleaves.
/// </summary>
internal sealed class SqliteCredit : IDisposable
{
    private readonly SqliteCommand _findEvent;
    private readonly SqliteCommand _readName;
    private readonly SqliteCommand _readGlobal;
    private readonly SqliteCommand _readBoard;
    private readonly SqliteCommand _nextId;
    private readonly SqliteCommand _insertEvent;
    private readonly SqliteCommand _upsertUser;
    private readonly SqliteCommand _upsertGlobal;
    private readonly SqliteCommand _upsertBoard;
    private readonly SqliteCommand _upsertMetadata;
    private readonly SqliteCommand _readStanding;

    public SqliteCredit(SqliteConnection writer)
    {
        _findEvent = Prepare(writer, $"{LedgerRows.SelectEvent} WHERE caller_scope = $scope AND action_id = $action", "$scope", "$action");
        _readName = Prepare(writer, "SELECT username FROM users WHERE id = $user", "$user");
        _readGlobal = Prepare(writer, "SELECT score, action_count, reached_at, last_updated FROM user_scores WHERE user_id = $user", "$user");
        _readBoard = Prepare(writer, """
            SELECT score, action_count, reached_at, last_updated FROM board_standings
            WHERE board_id = $board AND period_key = $period AND user_id = $user
            """, "$board", "$period", "$user");
        _nextId = Prepare(writer, "SELECT coalesce(max(id), 0) + 1 FROM score_events");
        _insertEvent = Prepare(writer, """
            INSERT INTO score_events (id, caller_scope, action_id, user_id, action_type, points, score_before, score_after,
                                      reason, source, caller, ip, user_agent, request_hash, created_at)
            VALUES ($id, $scope, $action, $user, $type, $points, $before, $after, $reason, $source, $caller, $ip, $agent, $hash, $now)
            """, "$id", "$scope", "$action", "$user", "$type", "$points", "$before", "$after", "$reason", "$source", "$caller", "$ip", "$agent", "$hash", "$now");
        _upsertUser = Prepare(writer, """
            INSERT INTO users (id, username, created_at) VALUES ($user, $name, $now)
            ON CONFLICT (id) DO UPDATE SET username = coalesce(excluded.username, users.username)
            """, "$user", "$name", "$now");
        _upsertGlobal = Prepare(writer, """
            INSERT INTO user_scores (user_id, score, action_count, reached_at, last_updated) VALUES ($user, $score, $count, $reached, $now)
            ON CONFLICT (user_id) DO UPDATE SET score = $score, action_count = $count, reached_at = $reached, last_updated = $now
            """, "$user", "$score", "$count", "$reached", "$now");
        _upsertBoard = Prepare(writer, """
            INSERT INTO board_standings (board_id, period_key, user_id, score, action_count, reached_at, last_updated)
            VALUES ($board, $period, $user, $score, $count, $reached, $now)
            ON CONFLICT (board_id, period_key, user_id) DO UPDATE SET score = $score, action_count = $count, reached_at = $reached, last_updated = $now
            """, "$board", "$period", "$user", "$score", "$count", "$reached", "$now");
        _upsertMetadata = Prepare(writer, """
            INSERT INTO user_metadata (user_id, metadata, updated_at) VALUES ($user, $metadata, $now)
            ON CONFLICT (user_id) DO UPDATE SET metadata = $metadata, updated_at = $now
            """, "$user", "$metadata", "$now");
        _readStanding = Prepare(writer, $"{LedgerRows.SelectStanding} WHERE s.user_id = $user", "$user");
    }

    public IReadOnlyList<CreditOutcome> Apply(SqliteTransaction transaction, IReadOnlyList<Credit> credits, BoardSet boards, DateTimeOffset now)
    {
        var plan = CreditBatch.Decide(credits, boards, now, Read(transaction, credits, boards, now));
        var nowMs = now.ToUnixTimeMilliseconds();
        foreach (var (credit, e) in plan.Events)
        {
            // The user row must exist before the event that references it.
            Run(transaction, _upsertUser, credit.UserId, credit.DisplayName, nowMs);
            Run(transaction, _insertEvent, e.Id, credit.Scope, e.ActionId, e.UserId, e.ActionType, e.Points, e.ScoreBefore, e.ScoreAfter,
                e.Reason, e.Source, e.Caller, e.Ip, e.UserAgent, e.RequestHash, nowMs);
        }

        foreach (var s in plan.Standings)
        {
            var updated = s.UpdatedAt.ToUnixTimeMilliseconds();
            if (s.Board == BoardPeriod.Global)
            {
                Run(transaction, _upsertGlobal, s.UserId, s.Score, s.Count, s.ReachedAt, updated);
            }
            else
            {
                Run(transaction, _upsertBoard, s.Board.BoardId, s.Board.PeriodKey, s.UserId, s.Score, s.Count, s.ReachedAt, updated);
            }
        }

        foreach (var (user, metadata) in plan.Metadata)
        {
            Run(transaction, _upsertMetadata, user, metadata, nowMs);
        }

        return plan.Outcomes;
    }

    public void Dispose()
    {
        foreach (var command in new[] { _findEvent, _readName, _readGlobal, _readBoard, _nextId, _insertEvent, _upsertUser, _upsertGlobal, _upsertBoard, _upsertMetadata, _readStanding })
        {
            command.Dispose();
        }
    }

    private BatchRead Read(SqliteTransaction transaction, IReadOnlyList<Credit> credits, BoardSet boards, DateTimeOffset now)
    {
        var duplicates = new Dictionary<(string, string), StoredCredit>();
        var names = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var credit in credits)
        {
            if (Row(transaction, _findEvent, LedgerRows.Event, credit.Scope, credit.ActionId) is { } original)
            {
                duplicates[(credit.Scope, credit.ActionId)] = new StoredCredit(original, Row(transaction, _readStanding, r => LedgerRows.Standing(r), original.UserId));
            }

            if (!names.ContainsKey(credit.UserId))
            {
                names[credit.UserId] = Row(transaction, _readName, r => r.IsDBNull(0) ? null : r.GetString(0), credit.UserId);
            }
        }

        var standings = new Dictionary<(BoardPeriod, string), BoardStanding>();
        foreach (var (board, user) in CreditBatch.Touched(credits, boards, now))
        {
            BoardStanding Standing(SqliteDataReader r) =>
                new(board, user, r.GetInt64(0), r.GetInt64(2), r.GetInt64(1), DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(3)));
            var found = board == BoardPeriod.Global
                ? Row(transaction, _readGlobal, Standing, user)
                : Row(transaction, _readBoard, Standing, board.BoardId, board.PeriodKey, user);
            if (found is not null)
            {
                standings[(board, user)] = found;
            }
        }

        // The single writer makes max + 1 onwards free, and SQLite would pick the same ids itself.
        _nextId.Transaction = transaction;
        var first = (long)_nextId.ExecuteScalar()!;
        return new BatchRead(duplicates, names, standings, [.. Enumerable.Range(0, credits.Count).Select(i => first + i)]);
    }

    private static T? Row<T>(SqliteTransaction transaction, SqliteCommand command, Func<SqliteDataReader, T?> read, params object?[] values)
        where T : class
    {
        command.Transaction = transaction;
        Bind(command, values);
        using var reader = command.ExecuteReader();
        return reader.Read() ? read(reader) : null;
    }

    private static void Run(SqliteTransaction transaction, SqliteCommand command, params object?[] values)
    {
        command.Transaction = transaction;
        Bind(command, values);
        command.ExecuteNonQuery();
    }

    private static SqliteCommand Prepare(SqliteConnection connection, string sql, params string[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var name in parameters)
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        }

        return command;
    }

    private static void Bind(SqliteCommand command, params object?[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i] ?? DBNull.Value;
        }
    }
}
