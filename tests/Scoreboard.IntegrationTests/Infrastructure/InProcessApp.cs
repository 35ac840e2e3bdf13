using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Scoreboard.IntegrationTests.Infrastructure;

/// <summary>
/// The application built and started in this process on a loopback port, with its own data folder: for tests that read
/// its route table, which only the running application can list.
/// </summary>
public sealed class InProcessApp : IAsyncDisposable
{
    private readonly string _folder;

    private InProcessApp(WebApplication app, string folder) => (App, _folder) = (app, folder);

    public WebApplication App { get; }

    public IReadOnlyList<RouteEndpoint> Routes => [.. App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()];

    public static async Task<InProcessApp> StartAsync(IReadOnlyDictionary<string, string> settings)
    {
        var folder = Directory.CreateTempSubdirectory("scoreboard-routes-").FullName;
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration["Scoreboard:Storage:DataDir"] = folder;
        foreach (var (key, value) in settings)
        {
            builder.Configuration[key] = value;
        }

        builder.AddScoreboard();
        var app = builder.Build();
        app.MapScoreboard();
        await app.StartAsync();
        return new InProcessApp(app, folder);
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }
}
