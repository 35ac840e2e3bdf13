using Npgsql;
using Scoreboard.Scoring;

namespace Scoreboard.Storage.Postgres;

/// <summary>
/// The board computed by PostgreSQL itself, in <see cref="TieRule"/> order: what reads use while Redis is away,
/// and what reconcile and the tests compare Redis with. Top-N walks the <c>user_scores_board</c> index.
/// </summary>
public sealed class PostgresBoard(NpgsqlDataSource dataSource)
{
    private const string Order = """ORDER BY s.score DESC, s.reached_at, s.user_id COLLATE "C" """;

    private const string RankOf = """
        (SELECT count(*) FROM user_scores o
         WHERE o.score > s.score OR (o.score = s.score AND (o.reached_at < s.reached_at
               OR (o.reached_at = s.reached_at AND o.user_id COLLATE "C" < s.user_id COLLATE "C"))))
        """;

    public async Task<IReadOnlyList<RankedStanding>> TopAsync(long offset, int limit, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"{LedgerRows.SelectStanding} {Order} OFFSET $1 LIMIT $2");
        command.Parameters.AddWithValue(offset);
        command.Parameters.AddWithValue((long)Math.Max(0, limit));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var ranked = new List<RankedStanding>();
        while (await reader.ReadAsync(cancellationToken))
        {
            ranked.Add(new RankedStanding(offset + ranked.Count + 1, LedgerRows.Standing(reader)));
        }

        return ranked;
    }

    public async Task<RankedStanding?> FindAsync(string userId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"""
            SELECT s.user_id, u.username, s.score, s.reached_at, s.last_updated, {RankOf}
            FROM user_scores s JOIN users u ON u.id = s.user_id WHERE s.user_id = $1
            """);
        command.Parameters.AddWithValue(userId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new RankedStanding(reader.GetInt64(5) + 1, LedgerRows.Standing(reader))
            : null;
    }

    public async Task<IReadOnlyList<RankedStanding>> AroundAsync(string userId, int radius, CancellationToken cancellationToken)
    {
        if (await FindAsync(userId, cancellationToken) is not { } found)
        {
            return [];
        }

        var first = Math.Max(0, found.Rank - 1 - radius);
        return await TopAsync(first, (int)(found.Rank - 1 - first) + radius + 1, cancellationToken);
    }

    public async Task<long> CountAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT count(*) FROM user_scores");
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }
}
