using System.Net.Http.Headers;
using Scoreboard.IntegrationTests.Infrastructure;
using Scoreboard.IntegrationTests.Security;
using static Scoreboard.IntegrationTests.Security.SignedBodies;

namespace Scoreboard.IntegrationTests.Distributed;

/// <summary>
/// Three instances on one PostgreSQL and one Redis share their limits: requests spread over the instances hit the
/// configured budget once, not once per instance, and the live-connection cap counts every instance's connections.
/// </summary>
[Collection(DistributedCollection.Name)]
[Trait("Backend", "distributed")]
public sealed class SharedLimitsAcrossInstancesTests : IAsyncLifetime
{
    private const int PerUser = 6;
    private const int PerServiceKey = 9;
    private const int MaxConnections = 3;
    private List<ScoreboardServer> _servers = [];
    private Dictionary<string, string?> _environment = null!;

    public async Task InitializeAsync()
    {
        _environment = await DistributedBackend.EnvironmentAsync(Json.NewId("shared-limits"));
        _environment["JWT_SECRET"] = SecurityFixture.JwtSecret;
        _environment["HMAC_SECRET_KEY"] = SecurityFixture.HmacSecret;
        _environment["RATE_LIMIT_MAX_REQUESTS"] = PerUser.ToString(System.Globalization.CultureInfo.InvariantCulture);
        // A long window, so that it cannot end while the test runs on a slow machine.
        _environment["RATE_LIMIT_WINDOW_MS"] = "3600000";
        _environment["Scoreboard__RateLimits__PerServiceKeyPerMinute"] = PerServiceKey.ToString(System.Globalization.CultureInfo.InvariantCulture);
        _environment["Scoreboard__Live__MaxConnections"] = MaxConnections.ToString(System.Globalization.CultureInfo.InvariantCulture);
        _environment["Scoreboard__Live__AddressSharePercent"] = "100";
        _servers = await Instances.StartAsync(3, _environment);
    }

    public Task DisposeAsync() => Instances.DisposeAsync(_servers);

    [Fact]
    public async Task A_users_credits_spread_over_three_instances_stop_at_the_shared_limit()
    {
        var user = Json.NewId("spread");
        var token = TestTokens.Hs256(SecurityFixture.JwtSecret, TestTokens.Claims(user, issuer: null, audience: null, permission: null));
        var replies = new List<(int Status, string? Code, TimeSpan? RetryAfter)>();
        for (var i = 0; i < PerUser + 4; i++)
        {
            using var client = _servers[i % 3].CreateClient();
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var response = await client.PostAsync("/api/v1/scores/update", Json.Body(Seed000(Json.NewId("act"), user).ToJsonString()));
            var body = await Json.ReadAsync(response);
            replies.Add(((int)response.StatusCode, HostileBatteryTests.CodeOf(body), response.Headers.RetryAfter?.Delta));
        }

        Assert.All(replies.Take(PerUser), r => Assert.Equal(200, r.Status));
        Assert.All(replies.Skip(PerUser), r =>
        {
            Assert.Equal(429, r.Status);
            Assert.Equal("RATE_LIMIT_EXCEEDED", r.Code);
            Assert.True(r.RetryAfter > TimeSpan.Zero, "429 carries Retry-After");
        });

        // Nothing beyond the limit was applied: the ledger and every instance show exactly the allowed credits.
        Assert.Equal((PerUser, PerUser * 10L), await LedgerOfAsync(user));
        foreach (var server in _servers)
        {
            var (status, total) = await server.Client.GetJsonAsync($"/api/v1/scores/user/{user}");
            Assert.Equal(200, status);
            Assert.Equal(PerUser * 10L, (long)total["data"]!["score"]!);
        }
    }

    [Fact]
    public async Task A_service_keys_budget_holds_across_instances()
    {
        var user = Json.NewId("backend");
        var statuses = new List<int>();
        for (var i = 0; i < PerServiceKey + 3; i++)
        {
            using var client = _servers[i % 3].CreateServiceClient();
            var (status, body) = await client.PostAsync("/scores/increment", new { userId = user, actionId = Json.NewId("svc") });
            statuses.Add(status);
            if (status == 429)
            {
                Assert.Equal("RATE_LIMIT_EXCEEDED", HostileBatteryTests.CodeOf(body));
            }
        }

        Assert.Equal(Enumerable.Repeat(200, PerServiceKey).Concat(Enumerable.Repeat(429, 3)), statuses);
        Assert.Equal((PerServiceKey, PerServiceKey * 10L), await LedgerOfAsync(user));
    }

    [Fact]
    public async Task Live_connections_over_the_cap_are_refused_on_another_instance_until_one_closes()
    {
        var open = new List<WsClient>
        {
            await WsClient.ConnectAsync(_servers[0], "/ws/scoreboard"),
            await WsClient.ConnectAsync(_servers[0], "/ws/scoreboard"),
            await WsClient.ConnectAsync(_servers[1], "/ws/scoreboard"),
        };
        try
        {
            Assert.Equal(503, await WsClient.RefusalStatusAsync(_servers[2], "/ws/scoreboard"));
            Assert.Equal(503, await WsClient.RefusalStatusAsync(_servers[1], "/ws/scoreboard"));

            await open[0].DisposeAsync();
            open.RemoveAt(0);

            // The slot is freed once instance A has seen the close; the cap then admits one more, on instance C.
            int status;
            var deadline = Timeouts.Token();
            while ((status = await WsClient.RefusalStatusAsync(_servers[2], "/ws/scoreboard")) == 503)
            {
                await Task.Delay(100, deadline);
            }

            Assert.Equal(101, status);
        }
        finally
        {
            foreach (var client in open)
            {
                await client.DisposeAsync();
            }
        }
    }

    private async Task<(long Events, long Sum)> LedgerOfAsync(string user)
    {
        await using var connection = new Npgsql.NpgsqlConnection(_environment["ConnectionStrings__Postgres"]);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand("SELECT count(*), coalesce(sum(points), 0) FROM score_events WHERE user_id = @u", connection);
        command.Parameters.AddWithValue("u", user);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.GetInt64(1));
    }
}
