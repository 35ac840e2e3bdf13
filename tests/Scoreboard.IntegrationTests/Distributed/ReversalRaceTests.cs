using Npgsql;
using Scoreboard.IntegrationTests.Infrastructure;
using Scoreboard.IntegrationTests.Security;

namespace Scoreboard.IntegrationTests.Distributed;

/// <summary>
/// An admin's reversal on one instance racing a stream of credits for the same user on another: PostgreSQL's users row
/// lock orders them, so every request is answered (never 500) and the ledger stays one unbroken chain per user.
/// </summary>
[Collection(DistributedCollection.Name)]
[Trait("Backend", "distributed")]
public sealed class ReversalRaceTests
{
    [Fact]
    public async Task Reversals_racing_credits_of_the_same_user_on_two_instances_answer_every_request_and_keep_the_chain()
    {
        var environment = await DistributedBackend.EnvironmentAsync(Json.NewId("race"));
        environment["SCOREBOARD_ADMIN_KEY"] = SecurityFixture.AdminKey;
        var servers = await Instances.StartAsync(2, environment);
        try
        {
            var user = Json.NewId("raced");
            var credits = servers[0].CreateServiceClient();
            var admin = servers[1].CreateClient();
            admin.DefaultRequestHeaders.Add("X-ADMIN-KEY", SecurityFixture.AdminKey);
            // A first reversal on a fresh instance is slow (nothing compiled yet); a warm one on another user makes sure
            // the race below has reversals in it, not one reversal that outlasts every credit.
            var warm = Json.NewId("warm");
            Assert.Equal(200, (await credits.PostAsync("/scores/increment", new { userId = warm, actionId = "warm-first" })).Status);
            Assert.Equal(200, (await admin.PostAsync($"/api/v1/admin/users/{warm}/reverse", new { })).Status);
            Assert.Equal(200, (await credits.PostAsync("/scores/increment", new { userId = user, actionId = "race-first" })).Status);
            var statuses = new System.Collections.Concurrent.ConcurrentBag<string>();
            var crediting = Enumerable.Range(0, 6).Select(async worker =>
            {
                for (var i = 0; i < 25; i++)
                {
                    var (status, _) = await credits.PostAsync("/scores/increment", new { userId = user, actionId = $"race-{worker}-{i}" });
                    statuses.Add($"credit {status}");
                }
            }).ToList();
            var done = Task.WhenAll(crediting);
            var reversals = 0;
            while (!done.IsCompleted)
            {
                var (status, _) = await admin.PostAsync($"/api/v1/admin/users/{user}/reverse", new { });
                statuses.Add($"reverse {status}");
                reversals++;
            }

            await done;
            var (last, _) = await admin.PostAsync($"/api/v1/admin/users/{user}/reverse", new { });

            Assert.Equal(200, last);
            Assert.True(reversals > 1, $"only {reversals} reversals raced the credits");
            Assert.All(statuses, s => Assert.EndsWith(" 200", s, StringComparison.Ordinal));
            await using var connection = new NpgsqlConnection(environment["ConnectionStrings__Postgres"]);
            await connection.OpenAsync();
            await using var check = new NpgsqlCommand("""
                SELECT (SELECT score FROM user_scores WHERE user_id = $1),
                       (SELECT sum(points) FROM score_events WHERE user_id = $1),
                       (SELECT count(*) FROM score_events WHERE user_id = $1 AND points > 0),
                       (SELECT count(*) FROM score_events WHERE user_id = $1 AND reverses_event_id IS NOT NULL),
                       (SELECT count(*) FROM (SELECT score_before, coalesce(lag(score_after) OVER (ORDER BY id), 0) AS previous
                                              FROM score_events WHERE user_id = $1) c WHERE score_before <> previous)
                """, connection);
            check.Parameters.AddWithValue(user);
            await using var reader = await check.ExecuteReaderAsync();
            await reader.ReadAsync();
            Assert.Equal((0L, 0L, 151L, 151L, 0L), (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4)));
        }
        finally
        {
            await Instances.DisposeAsync(servers);
        }
    }
}
