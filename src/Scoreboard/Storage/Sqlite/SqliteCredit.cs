using Microsoft.Data.Sqlite;
using Scoreboard.Scoring;

namespace Scoreboard.Storage.Sqlite;

/// <summary>
/// The statements of one credit, prepared once on the writer connection. Running under the single
/// writer, "read the total, then write" cannot interleave with another credit.
/// </summary>
internal sealed class SqliteCredit : IDisposable
{
    private readonly SqliteCommand _findEvent;
    private readonly SqliteCommand _insertEvent;
    private readonly SqliteCommand _upsertUser;
    private readonly SqliteCommand _upsertScore;
    private readonly SqliteCommand _readStanding;

    public SqliteCredit(SqliteConnection writer)
    {
        _findEvent = Prepare(writer, $"{LedgerRows.SelectEvent} WHERE caller_scope = $scope AND action_id = $action", "$scope", "$action");
        _insertEvent = Prepare(writer, """
            INSERT INTO score_events (caller_scope, action_id, user_id, action_type, points, score_before, score_after,
                                      reason, source, caller, ip, user_agent, request_hash, created_at)
            VALUES ($scope, $action, $user, $type, $points, $before, $after, $reason, $source, $caller, $ip, $agent, $hash, $now)
            ON CONFLICT (caller_scope, action_id) DO NOTHING
            RETURNING id
            """, "$scope", "$action", "$user", "$type", "$points", "$before", "$after", "$reason", "$source", "$caller", "$ip", "$agent", "$hash", "$now");
        _upsertUser = Prepare(writer, """
            INSERT INTO users (id, username, created_at) VALUES ($user, $name, $now)
            ON CONFLICT (id) DO UPDATE SET username = coalesce(excluded.username, users.username)
            """, "$user", "$name", "$now");
        _upsertScore = Prepare(writer, """
            INSERT INTO user_scores (user_id, score, action_count, reached_at, last_updated)
            VALUES ($user, $after, 1, $event, $now)
            ON CONFLICT (user_id) DO UPDATE SET score = $after, action_count = action_count + 1,
                                                reached_at = $event, last_updated = $now
            """, "$user", "$after", "$event", "$now");
        _readStanding = Prepare(writer, $"{LedgerRows.SelectStanding} WHERE s.user_id = $user", "$user");
    }

    public CreditOutcome Apply(SqliteTransaction transaction, Credit credit, DateTimeOffset now)
    {
        if (FindDuplicate(transaction, credit.Scope, credit.ActionId) is { } duplicate)
        {
            return duplicate;
        }

        var current = ReadStanding(transaction, credit.UserId);
        var before = current?.Score ?? 0;
        if (!ScoreLimits.CanAdd(before, credit.Points))
        {
            return new CreditOutcome(CreditStatus.WouldOverflow, null, current);
        }

        var after = before + credit.Points;
        var nowMs = now.ToUnixTimeMilliseconds();

        // The user row must exist before the event that references it.
        _upsertUser.Transaction = transaction;
        Bind(_upsertUser, credit.UserId, credit.DisplayName, nowMs);
        _upsertUser.ExecuteNonQuery();

        // The unique constraint is the guarantee; the lookup above only spares a failed insert. Under the
        // single writer the insert cannot conflict, and if it ever did the whole batch rolls back unacknowledged.
        _insertEvent.Transaction = transaction;
        Bind(_insertEvent, credit.Scope, credit.ActionId, credit.UserId, credit.ActionType, credit.Points, before, after,
            credit.Reason, credit.Source, credit.Caller, credit.Ip, credit.UserAgent, credit.RequestHash, nowMs);
        if (_insertEvent.ExecuteScalar() is not long eventId)
        {
            throw new InvalidOperationException($"Action id '{credit.ActionId}' appeared during its own credit.");
        }

        _upsertScore.Transaction = transaction;
        Bind(_upsertScore, credit.UserId, after, eventId, nowMs);
        _upsertScore.ExecuteNonQuery();

        var applied = new ScoreEvent(eventId, credit.ActionId, credit.UserId, credit.ActionType, credit.Points, before, after,
            credit.Reason, credit.Source, credit.Caller, credit.Ip, credit.UserAgent, credit.RequestHash, now);
        var standing = new Standing(credit.UserId, credit.DisplayName ?? current?.DisplayName, after, eventId, now);
        return new CreditOutcome(CreditStatus.Applied, applied, standing);
    }

    public void Dispose()
    {
        foreach (var command in new[] { _findEvent, _insertEvent, _upsertUser, _upsertScore, _readStanding })
        {
            command.Dispose();
        }
    }

    private CreditOutcome? FindDuplicate(SqliteTransaction transaction, string scope, string actionId)
    {
        _findEvent.Transaction = transaction;
        Bind(_findEvent, scope, actionId);
        using var reader = _findEvent.ExecuteReader();
        if (!reader.Read())
        {
            return null;
        }

        var original = LedgerRows.Event(reader);
        return new CreditOutcome(CreditStatus.Duplicate, original, ReadStanding(transaction, original.UserId));
    }

    private Standing? ReadStanding(SqliteTransaction transaction, string userId)
    {
        _readStanding.Transaction = transaction;
        Bind(_readStanding, userId);
        using var reader = _readStanding.ExecuteReader();
        return reader.Read() ? LedgerRows.Standing(reader) : null;
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
