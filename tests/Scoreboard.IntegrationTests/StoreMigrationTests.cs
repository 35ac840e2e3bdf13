using System.Security.Cryptography;
using System.Text;
using Scoreboard.IntegrationTests.Infrastructure;
using Scoreboard.IntegrationTests.Security;

namespace Scoreboard.IntegrationTests;

/// <summary>
/// A store written before action ids were scoped by caller is migrated on start-up without losing or merging a row:
/// each event gets its caller's scope, a reversal names what it reversed, and retries of old credits stay duplicates;
/// with boards, the existing totals are the global board's.
/// </summary>
public sealed class StoreMigrationTests
{
    [Fact]
    public async Task A_store_from_before_caller_scopes_keeps_every_row_and_every_retry_stays_a_duplicate()
    {
        var dataDir = Directory.CreateTempSubdirectory("scoreboard-legacy-").FullName;
        try
        {
            var databasePath = Path.Combine(dataDir, "scoreboard.db");
            await WriteLegacyStoreAsync(databasePath);

            await using var server = await IdentityFixture.StartAsync([], dataDir);

            Assert.Equal(
                ["1 user:u1 a-1 ", "2 user:u1 reversal:1 ", "3 key:bootstrap order-1 ", "4 key:bootstrap idem:bootstrap:k-1 ", "5 server demo:x ", "6 admin reversal:3 3"],
                await RowsAsync(databasePath));

            // Migration 0005 leaves the existing totals as the global board's standings, unchanged and in order.
            var (boardStatus, global) = await server.CreateClient().GetJsonAsync("/api/v1/boards/global/top?limit=10");
            Assert.Equal(200, boardStatus);
            Assert.Equal(["u2 50 1", "u1 20 2", "u3 10 3"], global["entries"]!.AsArray().Select(e => $"{e!["userId"]} {e["score"]} {e["rank"]}"));

            var service = server.CreateServiceClient();
            var (retried, increment) = await service.PostAsync("/scores/increment", new { userId = "u2", actionId = "order-1" });
            Assert.Equal(200, retried);
            Assert.False((bool)increment["applied"]!);
            using var again = new HttpRequestMessage(HttpMethod.Post, "/scores") { Content = Json.Body(new { user_id = "u2", action_id = "complete_level_5" }) };
            again.Headers.Add("Idempotency-Key", "k-1");
            using var replayed = await service.SendAsync(again);
            Assert.Equal(200, (int)replayed.StatusCode);
            Assert.True(replayed.Headers.Contains("Idempotent-Replayed"));

            // u1's squatted "reversal:1" does not protect event 1; u2's event 3, reversed before, is not reversed twice.
            var admin = server.CreateClient();
            admin.DefaultRequestHeaders.Add("X-ADMIN-KEY", SecurityFixture.AdminKey);
            Assert.Equal(200, (await admin.PostAsync("/api/v1/admin/users/u1/reverse", new { })).Status);
            Assert.Equal(200, (await admin.PostAsync("/api/v1/admin/users/u2/reverse", new { })).Status);
            var totals = await Ledger.TotalsAsync(databasePath);
            Assert.Equal((0, 0, 10), (totals["u1"], totals["u2"], totals["u3"]));
            Assert.Equal(9, (await Ledger.EventsAsync(databasePath)).Count);
            await Ledger.AssertTotalsMatchEventsAsync(databasePath);
        }
        finally
        {
            Directory.Delete(dataDir, recursive: true);
        }
    }

    private static async Task WriteLegacyStoreAsync(string databasePath)
    {
        var provider = DistributedBackend.IsSelected ? "Postgres" : "Sqlite";
        var migrations = Path.Combine(RepositoryPaths.Root, "src", "Scoreboard", "Storage", provider, "Migrations");
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("u2\ncomplete_level_5\n")));
        await Ledger.ExecuteAsync(databasePath, $"""
            {await File.ReadAllTextAsync(Path.Combine(migrations, "0001_initial.sql"))}
            {await File.ReadAllTextAsync(Path.Combine(migrations, "0002_flag_review.sql"))}
            CREATE TABLE schema_migrations (version integer PRIMARY KEY, applied_at bigint NOT NULL);
            INSERT INTO schema_migrations VALUES (1, 0), (2, 0);
            INSERT INTO users (id, username, created_at) VALUES ('u1', 'One', 0), ('u2', 'Two', 0), ('u3', 'Three', 0);
            INSERT INTO score_events (id, action_id, user_id, action_type, points, score_before, score_after, source, caller, request_hash, created_at) VALUES
                (1, 'a-1', 'u1', 'default', 10, 0, 10, 'seed-003', 'u1', NULL, 1),
                (2, 'reversal:1', 'u1', 'default', 10, 10, 20, 'seed-003', 'u1', NULL, 2),
                (3, 'order-1', 'u2', 'ACTION_COMPLETED', 10, 0, 10, 'seed-004', 'bootstrap', NULL, 3),
                (4, 'idem:bootstrap:k-1', 'u2', 'complete_level_5', 50, 10, 60, 'seed-001', 'bootstrap', '{hash}', 4),
                (5, 'demo:x', 'u3', 'default', 10, 0, 10, 'demo', 'demo', NULL, 5),
                (6, 'reversal:3', 'u2', 'ACTION_COMPLETED', -10, 60, 50, 'admin', 'admin', NULL, 6);
            INSERT INTO user_scores (user_id, score, action_count, reached_at, last_updated) VALUES
                ('u1', 20, 2, 2, 2), ('u2', 50, 3, 6, 6), ('u3', 10, 1, 5, 5);
            """);
        if (DistributedBackend.IsSelected)
        {
            await Ledger.ExecuteAsync(databasePath, "SELECT setval('score_events_id_seq', 6)");
        }
    }

    private static async Task<List<string>> RowsAsync(string databasePath)
    {
        await using var connection = await Ledger.OpenAsync(databasePath);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, caller_scope, action_id, reverses_event_id FROM score_events WHERE id <= 6 ORDER BY id";
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
        {
            rows.Add($"{reader.GetInt64(0)} {reader.GetString(1)} {reader.GetString(2)} {(reader.IsDBNull(3) ? "" : reader.GetInt64(3))}");
        }

        return rows;
    }
}
