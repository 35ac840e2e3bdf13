using System.Reflection;
using Microsoft.AspNetCore.Routing;
using Scoreboard.Crediting;
using Scoreboard.IntegrationTests.Infrastructure;

namespace Scoreboard.IntegrationTests.Metrics;

/// <summary>
/// The credit tally counts the routes marked as credit routes where they are mapped: the application's own route table
/// must mark every route that credits users, and nothing else.
/// </summary>
[Trait("Backend", "embedded")]
public sealed class CreditRouteTests
{
    [Fact]
    public async Task Every_route_that_credits_users_is_marked_for_the_credit_tally()
    {
        await using var started = await InProcessApp.StartAsync(new Dictionary<string, string>
        {
            ["Scoreboard:ServiceKeys:ApiKey"] = "credit-route-service-key-0123",
            ["Scoreboard:Live:DemoEnabled"] = "true",
        });
        var marked = started.Routes.Where(r => r.Metadata.GetMetadata<CreditEndpoint>() is not null)
            .Select(r => $"{string.Join(",", r.Metadata.GetMetadata<IHttpMethodMetadata>()!.HttpMethods)} {r.RoutePattern.RawText}")
            .Order(StringComparer.Ordinal).ToList();

        // The credit routes of the seed documents and the demo (docs/observability.md: scoreboard.credits).
        Assert.Equal(
            ["POST /api/score/update", "POST /api/v1/actions/complete", "POST /api/v1/demo/play", "POST /api/v1/scores/update", "POST /scores", "POST /scores/increment"],
            marked);

        // Whatever a later route is called: a handler that takes the user-credit pipeline credits users.
        var crediting = started.Routes
            .Where(r => r.Metadata.GetMetadata<MethodInfo>()?.GetParameters().Any(p => p.ParameterType == typeof(UserCredits)) == true).ToList();
        Assert.True(crediting.Count >= 3, $"only {crediting.Count} routes take UserCredits");
        Assert.All(crediting, r => Assert.NotNull(r.Metadata.GetMetadata<CreditEndpoint>()));
    }
}
