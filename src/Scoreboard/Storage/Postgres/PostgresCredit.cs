using Npgsql;
using Scoreboard.Scoring;
using Scoreboard.Scoring.Boards;

namespace Scoreboard.Storage.Postgres;

/// <summary>
/// A batch of credits as one transaction in two round trips. First: lock the batch's users in user id order, read
/// earlier events with its action ids, its standings on every (board, period) it touches, and reserve event ids.
/// <see cref="CreditBatch"/> then decides; second: write events, standings, outbox rows and metadata set-based
/// through <c>unnest</c>, and commit.
/// </summary>
internal static class PostgresCredit
{
    private const string ReadDuplicates = """
        SELECT e.id, e.action_id, e.user_id, e.action_type, e.points, e.score_before, e.score_after, e.reason, e.source,
               e.caller, e.ip, e.user_agent, e.request_hash, e.created_at, e.caller_scope,
               s.user_id, u.username, s.score, s.reached_at, s.last_updated
        FROM score_events e JOIN unnest($1::text[], $2::text[]) AS d(scope, action) ON e.caller_scope = d.scope AND e.action_id = d.action
        LEFT JOIN user_scores s ON s.user_id = e.user_id LEFT JOIN users u ON u.id = e.user_id
        """;

    /// <summary>Round trip one, under the users' row locks (taken in the same order by every batch of every instance, so none deadlock).</summary>
    public static async Task<BatchRead> ReadAsync(
        NpgsqlConnection connection, IReadOnlyList<Credit> credits, BoardSet boards, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var users = credits.Select(c => c.UserId).Distinct().Order(StringComparer.Ordinal).ToArray();
        var touched = CreditBatch.Touched(credits, boards, now).Where(t => t.Board != BoardPeriod.Global).ToList();
        await using var batch = new NpgsqlBatch(connection);
        Add(batch, "BEGIN");
        Add(batch, """
            INSERT INTO users (id, username, created_at) SELECT u, NULL, $2 FROM unnest($1::text[]) AS t(u) ORDER BY u COLLATE "C"
            ON CONFLICT (id) DO NOTHING
            """, users, now.ToUnixTimeMilliseconds());
        Add(batch, """SELECT id, username FROM users WHERE id = ANY($1) ORDER BY id COLLATE "C" FOR UPDATE""", (object)users);
        Add(batch, ReadDuplicates, credits.Select(c => c.Scope).ToArray(), credits.Select(c => c.ActionId).ToArray());
        Add(batch, "SELECT user_id, score, action_count, reached_at, last_updated FROM user_scores WHERE user_id = ANY($1)", (object)users);
        Add(batch, """
            SELECT b.board_id, b.period_key, b.user_id, b.score, b.action_count, b.reached_at, b.last_updated
            FROM board_standings b JOIN unnest($1::text[], $2::text[], $3::text[]) AS t(board, period, u)
              ON b.board_id = t.board AND b.period_key = t.period AND b.user_id = t.u
            """, touched.Select(t => t.Board.BoardId).ToArray(), touched.Select(t => t.Board.PeriodKey).ToArray(), touched.Select(t => t.UserId).ToArray());
        Add(batch, "SELECT nextval('score_events_id_seq') FROM generate_series(1, $1)", credits.Count);

        var names = new Dictionary<string, string?>(StringComparer.Ordinal);
        var duplicates = new Dictionary<(string, string), StoredCredit>();
        var standings = new Dictionary<(BoardPeriod, string), BoardStanding>();
        var ids = new List<long>(credits.Count);
        // The reader starts on the first statement that returns rows (BEGIN and the INSERT return none).
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            names[reader.GetString(0)] = reader.IsDBNull(1) ? null : reader.GetString(1);
        }

        await reader.NextResultAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var owner = reader.IsDBNull(15) ? null : LedgerRows.Standing(reader, 15);
            duplicates[(reader.GetString(14), reader.GetString(1))] = new StoredCredit(LedgerRows.Event(reader), owner);
        }

        await reader.NextResultAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var user = reader.GetString(0);
            standings[(BoardPeriod.Global, user)] = Standing(reader, BoardPeriod.Global, user, 1);
        }

        await reader.NextResultAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var (board, user) = (new BoardPeriod(reader.GetString(0), reader.GetString(1)), reader.GetString(2));
            standings[(board, user)] = Standing(reader, board, user, 3);
        }

        await reader.NextResultAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            ids.Add(reader.GetInt64(0));
        }

        return new BatchRead(duplicates, names, standings, ids);
    }

    /// <summary>Round trip two: everything the plan decided, then COMMIT, in one batch.</summary>
    public static async Task WriteAsync(NpgsqlConnection connection, BatchPlan plan, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var nowMs = now.ToUnixTimeMilliseconds();
        var events = plan.Events;
        var global = plan.Standings.Where(s => s.Board == BoardPeriod.Global).ToList();
        var others = plan.Standings.Where(s => s.Board != BoardPeriod.Global).ToList();
        await using var batch = new NpgsqlBatch(connection);
        Add(batch, "UPDATE users u SET username = t.n FROM unnest($1::text[], $2::text[]) AS t(id, n) WHERE u.id = t.id",
            plan.Names.Keys.ToArray(), plan.Names.Values.ToArray());
        Add(batch, """
            INSERT INTO score_events (id, caller_scope, action_id, user_id, action_type, points, score_before, score_after,
                                      reason, source, caller, ip, user_agent, request_hash, created_at)
            SELECT *, $15 FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::bigint[], $7::bigint[], $8::bigint[],
                                      $9::text[], $10::text[], $11::text[], $12::text[], $13::text[], $14::text[])
            """,
            events.Select(e => e.Event.Id).ToArray(), events.Select(e => e.Credit.Scope).ToArray(), events.Select(e => e.Event.ActionId).ToArray(),
            events.Select(e => e.Event.UserId).ToArray(), events.Select(e => e.Event.ActionType).ToArray(), events.Select(e => e.Event.Points).ToArray(),
            events.Select(e => e.Event.ScoreBefore).ToArray(), events.Select(e => e.Event.ScoreAfter).ToArray(), events.Select(e => e.Event.Reason).ToArray(),
            events.Select(e => e.Event.Source).ToArray(), events.Select(e => e.Event.Caller).ToArray(), events.Select(e => e.Event.Ip).ToArray(),
            events.Select(e => e.Event.UserAgent).ToArray(), events.Select(e => e.Event.RequestHash).ToArray(), nowMs);
        Add(batch, """
            INSERT INTO user_scores AS s (user_id, score, action_count, reached_at, last_updated)
            SELECT * FROM unnest($1::text[], $2::bigint[], $3::bigint[], $4::bigint[], $5::bigint[])
            ON CONFLICT (user_id) DO UPDATE SET score = excluded.score, action_count = excluded.action_count,
                                                reached_at = excluded.reached_at, last_updated = excluded.last_updated
            """, [.. Columns(global)]);
        Add(batch, """
            INSERT INTO board_standings AS s (board_id, period_key, user_id, score, action_count, reached_at, last_updated)
            SELECT * FROM unnest($6::text[], $7::text[], $1::text[], $2::bigint[], $3::bigint[], $4::bigint[], $5::bigint[])
            ON CONFLICT (board_id, period_key, user_id) DO UPDATE SET score = excluded.score, action_count = excluded.action_count,
                                                reached_at = excluded.reached_at, last_updated = excluded.last_updated
            """, [.. Columns(others), others.Select(s => s.Board.BoardId).ToArray(), others.Select(s => s.Board.PeriodKey).ToArray()]);

        // The relay removes a row once Redis holds that event's standing or a newer one.
        Add(batch, """
            INSERT INTO rank_outbox AS o (user_id, event_id, queued_at) SELECT u, e, $3 FROM unnest($1::text[], $2::bigint[]) AS t(u, e)
            ON CONFLICT (user_id) DO UPDATE SET event_id = excluded.event_id, queued_at = excluded.queued_at
            """, global.Select(s => s.UserId).ToArray(), global.Select(s => s.ReachedAt).ToArray(), nowMs);
        Add(batch, """
            INSERT INTO user_metadata AS m (user_id, metadata, updated_at) SELECT u, j, $3 FROM unnest($1::text[], $2::text[]) AS t(u, j)
            ON CONFLICT (user_id) DO UPDATE SET metadata = excluded.metadata, updated_at = excluded.updated_at
            """, plan.Metadata.Keys.ToArray(), plan.Metadata.Values.ToArray(), nowMs);
        Add(batch, "COMMIT");
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    private static IEnumerable<object> Columns(List<BoardStanding> standings)
    {
        yield return standings.Select(s => s.UserId).ToArray();
        yield return standings.Select(s => s.Score).ToArray();
        yield return standings.Select(s => s.Count).ToArray();
        yield return standings.Select(s => s.ReachedAt).ToArray();
        yield return standings.Select(s => s.UpdatedAt.ToUnixTimeMilliseconds()).ToArray();
    }

    private static BoardStanding Standing(NpgsqlDataReader reader, BoardPeriod board, string user, int first) => new(
        board, user, reader.GetInt64(first), reader.GetInt64(first + 2), reader.GetInt64(first + 1),
        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(first + 3)));

    // An array passed alone would bind as the params array itself: callers cast it to object.
    private static void Add(NpgsqlBatch batch, string sql, params object[] values)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        batch.BatchCommands.Add(command);
    }
}
