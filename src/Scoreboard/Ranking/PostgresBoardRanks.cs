using Npgsql;
using Scoreboard.Scoring;
using Scoreboard.Scoring.Boards;
using Scoreboard.Storage;

namespace Scoreboard.Ranking;

/// <summary>
/// Board rankings read from PostgreSQL itself, for several instances sharing one store: every instance answers from
/// the committed standings, in the board's order (the <c>board_standings_board</c> index serves both directions).
/// With Redis, these are the reads while Redis is away or a board's rankings are being rebuilt, and what they are built from.
/// </summary>
public sealed class PostgresBoardRanks(NpgsqlDataSource dataSource) : IBoardRanks
{
    public ValueTask ApplyAsync(IReadOnlyList<Standing> standings, IReadOnlyList<BoardPeriod> periods, BoardSet boards, CancellationToken cancellationToken) =>
        ValueTask.CompletedTask;

    public ValueTask RemoveUserAsync(string userId, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public async ValueTask<IReadOnlyList<RankedStanding>> TopAsync(BoardDefinition board, string period, int offset, int limit, CancellationToken cancellationToken)
    {
        var direction = board.Order == BoardOrder.Asc ? "ASC" : "DESC";
        await using var command = dataSource.CreateCommand($"""
            SELECT b.user_id, u.username, b.score, b.reached_at, b.last_updated
            FROM board_standings b JOIN users u ON u.id = b.user_id WHERE b.board_id = $1 AND b.period_key = $2
            ORDER BY b.score {direction}, b.reached_at, b.user_id COLLATE "C" OFFSET $3 LIMIT $4
            """);
        Add(command, board.Id, period, (long)offset, (long)limit);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var ranked = new List<RankedStanding>();
        while (await reader.ReadAsync(cancellationToken))
        {
            ranked.Add(new RankedStanding(offset + ranked.Count + 1, LedgerRows.Standing(reader)));
        }

        return ranked;
    }

    public async ValueTask<RankedStanding?> FindAsync(BoardDefinition board, string period, string userId, CancellationToken cancellationToken)
    {
        var better = board.Order == BoardOrder.Asc ? "<" : ">";
        await using var command = dataSource.CreateCommand($"""
            SELECT b.user_id, u.username, b.score, b.reached_at, b.last_updated,
                   (SELECT count(*) FROM board_standings o WHERE o.board_id = b.board_id AND o.period_key = b.period_key
                      AND (o.score {better} b.score OR (o.score = b.score AND (o.reached_at < b.reached_at
                           OR (o.reached_at = b.reached_at AND o.user_id COLLATE "C" < b.user_id COLLATE "C")))))
            FROM board_standings b JOIN users u ON u.id = b.user_id WHERE b.board_id = $1 AND b.period_key = $2 AND b.user_id = $3
            """);
        Add(command, board.Id, period, userId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? new RankedStanding(reader.GetInt64(5) + 1, LedgerRows.Standing(reader)) : null;
    }

    public async ValueTask<long> CountAsync(BoardDefinition board, string period, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT count(*) FROM board_standings WHERE board_id = $1 AND period_key = $2");
        Add(command, board.Id, period);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>A board's standings in the given periods, by period then user: what its Redis rankings are built and checked from.</summary>
    public async Task<Dictionary<string, Dictionary<string, Standing>>> ReadStandingsAsync(
        string boardId, IReadOnlyCollection<string> periods, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT b.user_id, u.username, b.score, b.reached_at, b.last_updated, b.period_key
            FROM board_standings b JOIN users u ON u.id = b.user_id WHERE b.board_id = $1 AND b.period_key = ANY($2)
            """);
        Add(command, boardId, periods.ToArray());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var standings = new Dictionary<string, Dictionary<string, Standing>>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken))
        {
            var standing = LedgerRows.Standing(reader);
            var period = reader.GetString(5);
            if (!standings.TryGetValue(period, out var users))
            {
                standings[period] = users = new(StringComparer.Ordinal);
            }

            users[standing.UserId] = standing;
        }

        return standings;
    }

    private static void Add(NpgsqlCommand command, params object[] values)
    {
        foreach (var value in values)
        {
            command.Parameters.AddWithValue(value);
        }
    }
}
