using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Scoreboard.Bench;

/// <summary>
/// The real server inside the load generator's process (<see cref="BenchServer"/> runs it as its own process), on a
/// loopback port, configured with command-line settings. Without a PostgreSQL connection string it runs embedded
/// in a throwaway data folder.
/// </summary>
internal sealed class InProcessServer : IAsyncDisposable
{
    public const string ServiceKey = "bench-service-key-0123456789";

    private readonly WebApplication _app;
    private readonly DirectoryInfo? _dataDir;

    private InProcessServer(WebApplication app, DirectoryInfo? dataDir)
    {
        _app = app;
        _dataDir = dataDir;
        Address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
    }

    public Uri Address { get; }

    public IServiceProvider Services => _app.Services;

    public static Task<InProcessServer> StartAsync(params string[] settings) => StartAsync(null, settings);

    /// <param name="first">Middleware added before the scoreboard's own (the static-file baseline on the same Kestrel).</param>
    public static async Task<InProcessServer> StartAsync(Action<WebApplication>? first, string[] settings)
    {
        var dataDir = settings.Any(s => s.StartsWith("--ConnectionStrings:Postgres=", StringComparison.Ordinal))
            ? null
            : Directory.CreateTempSubdirectory("scoreboard-bench-");
        string[] common = ["--urls", "http://127.0.0.1:0", "--Logging:LogLevel:Default=Warning", $"--Scoreboard:ServiceKeys:ApiKey={ServiceKey}"];
        var builder = WebApplication.CreateBuilder([.. common, .. dataDir is null ? [] : new[] { $"--Scoreboard:Storage:DataDir={dataDir.FullName}" }, .. settings]);
        builder.AddScoreboard();
        var app = builder.Build();
        first?.Invoke(app);
        app.MapScoreboard();
        await app.StartAsync();
        return new InProcessServer(app, dataDir);
    }

    /// <summary>A client of this server that sends the service key.</summary>
    public HttpClient CreateServiceClient()
    {
        var client = new HttpClient { BaseAddress = Address };
        client.DefaultRequestHeaders.Add("X-API-KEY", ServiceKey);
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        SqliteConnection.ClearAllPools();
        _dataDir?.Delete(recursive: true);
    }
}
