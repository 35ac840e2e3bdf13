using Scoreboard.IntegrationTests.Infrastructure;

namespace Scoreboard.IntegrationTests.Boards;

/// <summary>
/// What a board should hold, computed by SQL over the store's ledger rows (not with the server's code): its operator
/// applied to the events of its types, all-time. Reversed events and their compensations are left out.
/// </summary>
public sealed record BoardRule(string Id, IReadOnlyList<string> Types, string Operator, bool Asc)
{
    public async Task<Dictionary<string, long>> ExpectedAsync(string databasePath, IReadOnlyCollection<string>? users = null)
    {
        var types = string.Join(", ", Types.Select(t => $"'{t}'"));
        var filter = $"""
            action_type IN ({types}) AND points > 0 AND id NOT IN (SELECT reverses_event_id FROM score_events WHERE reverses_event_id IS NOT NULL)
            {(Asc ? "AND caller_scope LIKE 'key:%'" : "")}
            """;
        var sql = Operator switch
        {
            "incr" => $"SELECT user_id, sum(points) FROM score_events WHERE {filter} GROUP BY user_id",
            "best" => $"SELECT user_id, {(Asc ? "min" : "max")}(points) FROM score_events WHERE {filter} GROUP BY user_id",
            _ => $"SELECT user_id, points FROM score_events WHERE id IN (SELECT max(id) FROM score_events WHERE {filter} GROUP BY user_id)",
        };
        await using var connection = await Ledger.OpenAsync(databasePath);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var expected = new Dictionary<string, long>();
        while (await reader.ReadAsync())
        {
            if (users is null || users.Contains(reader.GetString(0)))
            {
                expected[reader.GetString(0)] = reader.GetInt64(1);
            }
        }

        return expected;
    }

    /// <summary>The standings the store keeps for the board (global's in user_scores), as (user, score).</summary>
    public async Task<Dictionary<string, long>> StoredAsync(string databasePath)
    {
        await using var connection = await Ledger.OpenAsync(databasePath);
        await using var command = connection.CreateCommand();
        command.CommandText = Id == "global"
            ? "SELECT user_id, score FROM user_scores WHERE score > 0"
            : $"SELECT user_id, score FROM board_standings WHERE board_id = '{Id}' AND period_key = 'all'";
        await using var reader = await command.ExecuteReaderAsync();
        var stored = new Dictionary<string, long>();
        while (await reader.ReadAsync())
        {
            stored[reader.GetString(0)] = reader.GetInt64(1);
        }

        return stored;
    }
}
