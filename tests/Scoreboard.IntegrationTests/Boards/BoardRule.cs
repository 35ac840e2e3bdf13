using Scoreboard.IntegrationTests.Infrastructure;

namespace Scoreboard.IntegrationTests.Boards;

/// <summary>
/// What a board should hold, computed by SQL over the store's ledger rows (not with the server's code): its operator
/// applied to the events of its types in a period (all-time unless bounds are given, in Unix milliseconds, as the ledger
/// keeps them). Reversed events and their compensations are left out.
/// </summary>
public sealed record BoardRule(string Id, IReadOnlyList<string> Types, string Operator, bool Asc, bool Periodic = false)
{
    public async Task<Dictionary<string, long>> ExpectedAsync(
        string databasePath, IReadOnlyCollection<string>? users = null, (long From, long To)? window = null)
    {
        var types = string.Join(", ", Types.Select(t => $"'{t}'"));
        var filter = $"""
            action_type IN ({types}) AND points > 0 AND id NOT IN (SELECT reverses_event_id FROM score_events WHERE reverses_event_id IS NOT NULL)
            {(Asc ? "AND caller_scope LIKE 'key:%'" : "")} {(window is { } w ? $"AND created_at >= {w.From} AND created_at < {w.To}" : "")}
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

    /// <summary>
    /// Every kept period of the board that the API lists, with its bounds: what to compare per period. An all-time
    /// board has one, unbounded.
    /// </summary>
    public async Task<List<(string Key, (long From, long To)? Window)>> PeriodsAsync(HttpClient client)
    {
        var (_, body) = await client.GetJsonAsync($"/api/v1/boards/{Id}/periods");
        return [.. body["periods"]!.AsArray().Select(p => ((string)p!["key"]!, p["startsAt"] is null ? ((long, long)?)null
            : (DateTimeOffset.Parse((string)p["startsAt"]!, System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeMilliseconds(),
               DateTimeOffset.Parse((string)p["endsAt"]!, System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeMilliseconds())))];
    }

    /// <summary>The standings the store keeps for the board (global's in user_scores), as (user, score).</summary>
    public async Task<Dictionary<string, long>> StoredAsync(string databasePath, string period = "all")
    {
        await using var connection = await Ledger.OpenAsync(databasePath);
        await using var command = connection.CreateCommand();
        command.CommandText = Id == "global"
            ? "SELECT user_id, score FROM user_scores WHERE score > 0"
            : $"SELECT user_id, score FROM board_standings WHERE board_id = '{Id}' AND period_key = '{period}'";
        await using var reader = await command.ExecuteReaderAsync();
        var stored = new Dictionary<string, long>();
        while (await reader.ReadAsync())
        {
            stored[reader.GetString(0)] = reader.GetInt64(1);
        }

        return stored;
    }
}
