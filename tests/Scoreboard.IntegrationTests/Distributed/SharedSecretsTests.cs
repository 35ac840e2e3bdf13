using Scoreboard.IntegrationTests.Infrastructure;

namespace Scoreboard.IntegrationTests.Distributed;

/// <summary>
/// Instances that each generated their own secrets would not accept each other's tokens or signatures, so
/// distributed mode refuses to start without shared ones, with one line naming what is missing.
/// </summary>
[Collection(DistributedCollection.Name)]
[Trait("Backend", "distributed")]
public sealed class SharedSecretsTests
{
    [Theory]
    [InlineData(null, null, "JWT_SECRET", "HMAC_SECRET_KEY")]
    [InlineData("distributed-test-jwt-secret-0123456789abcdef", null, "HMAC_SECRET_KEY", null)]
    [InlineData(null, "distributed-test-hmac-secret-0123456789", "JWT_SECRET", null)]
    public async Task Distributed_start_up_refuses_without_shared_secrets(string? jwt, string? hmac, string named, string? alsoNamed)
    {
        var environment = await DistributedBackend.EnvironmentAsync(Json.NewId("secrets"));
        environment["SCOREBOARD_DATA_DIR"] = Directory.CreateTempSubdirectory("scoreboard-test-").FullName;
        environment["JWT_SECRET"] = jwt;
        environment["HMAC_SECRET_KEY"] = hmac;

        int exit;
        string output;
        bool generated;
        try
        {
            (exit, output) = await ServerRun.UntilExitAsync(environment);
            generated = File.Exists(Path.Combine(environment["SCOREBOARD_DATA_DIR"]!, "jwt-secret"));
        }
        finally
        {
            Directory.Delete(environment["SCOREBOARD_DATA_DIR"]!, recursive: true);
        }

        Assert.Equal(2, exit);
        var line = Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("scoreboard: configuration error:", line, StringComparison.Ordinal);
        Assert.Contains(named, line, StringComparison.Ordinal);
        if (alsoNamed is not null)
        {
            Assert.Contains(alsoNamed, line, StringComparison.Ordinal);
        }

        Assert.False(generated, "a secret was generated for this instance alone");

    }

    [Fact]
    public async Task A_jwks_stands_in_for_JWT_SECRET()
    {
        var jwks = Path.Combine(Path.GetTempPath(), $"jwks-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(jwks, """{"keys":[]}""");
        try
        {
            var environment = await DistributedBackend.EnvironmentAsync(Json.NewId("jwks"));
            environment["Scoreboard__UserTokens__JwksFile"] = jwks;
            environment["HMAC_SECRET_KEY"] = "distributed-test-hmac-secret-0123456789";
            await using var server = await ScoreboardServer.StartAsync(environment: environment);

            var (status, _) = await server.CreateClient().GetJsonAsync("/health");
            Assert.Equal(200, status);
        }
        finally
        {
            File.Delete(jwks);
        }
    }
}
