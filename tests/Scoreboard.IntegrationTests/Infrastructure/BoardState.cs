namespace Scoreboard.IntegrationTests.Infrastructure;

/// <summary>Everything a request could change, captured so a test can assert that a refused request changed nothing.</summary>
public sealed record BoardState(string Board, int EventCount, string Totals)
{
    public static async Task<BoardState> CaptureAsync(ScoreboardServer server)
    {
        using var client = server.CreateClient();
        var (_, board) = await client.GetJsonAsync("/api/v1/scores/leaderboard?limit=100");
        var rows = board["data"]!["leaderboard"]!.AsArray().Select(r => $"{r!["rank"]}:{r["userId"]}:{r["username"]}:{r["score"]}");
        var events = await Ledger.EventsAsync(server.DatabasePath);
        var totals = await Ledger.TotalsAsync(server.DatabasePath);
        return new BoardState(string.Join(",", rows), events.Count, string.Join(",", totals.OrderBy(t => t.Key).Select(t => $"{t.Key}={t.Value}")));
    }
}
