using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Scoreboard.ApiDocs;
using Scoreboard.IntegrationTests.Infrastructure;

namespace Scoreboard.IntegrationTests.ApiDocs;

/// <summary>
/// The application's own route table against its OpenAPI document: every HTTP route mapped (by anyone, later too) must
/// be described. In process, since only the running application can list its endpoints.
/// </summary>
[Trait("Backend", "embedded")]
public sealed class RouteCoverageTests
{
    // The document's own machinery and the old addresses that redirect, not part of the API it describes.
    private static readonly string[] Undocumented = ["/openapi/{documentName}.json", "/docs.html", "/index.html"];

    [Fact]
    public async Task Every_mapped_route_is_in_the_OpenApi_document()
    {
        await using var started = await InProcessApp.StartAsync(new Dictionary<string, string>
        {
            ["Scoreboard:ServiceKeys:ApiKey"] = "route-test-service-key-0123",
            ["Scoreboard:Admin:ApiKey"] = "route-test-admin-key-0123",
            ["Scoreboard:Live:DemoEnabled"] = "true",
        });
        using var client = new HttpClient { BaseAddress = new Uri(started.App.Urls.First()) };
        var paths = JsonNode.Parse(await client.GetStringAsync("/openapi/v1.json"))!["paths"]!.AsObject();
        var routes = started.Routes;
        Assert.True(routes.Count >= 25, $"only {routes.Count} routes found");

        var missing = new List<string>();
        foreach (var route in routes)
        {
            var path = EndpointOperations.PathOf(route.RoutePattern);
            if (!EndpointOperations.IsDescribed(route))
            {
                Assert.Contains(route.RoutePattern.RawText, Undocumented);
                continue;
            }

            var methods = route.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods is { Count: > 0 } m ? m : ["GET"];
            missing.AddRange(methods.Where(method => paths[path]?[method.ToLowerInvariant()] is null).Select(method => $"{method} {path}"));
        }

        Assert.True(missing.Count == 0, "Not in the document: " + string.Join(", ", missing));
    }
}
