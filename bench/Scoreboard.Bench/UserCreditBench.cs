using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Scoreboard.Security.Signing;
using Scoreboard.Security.Tokens;

namespace Scoreboard.Bench;

/// <summary>
/// What user-facing security costs: signed 003 credits with a JWT each (token validation, HMAC check, anomaly
/// watch, cool-down) against service-key credits to the same server in the same run. Rate limits are off so the
/// work itself is measured, not the budgets.
/// </summary>
internal static class UserCreditBench
{
    private const string Key = "bench-service-key-0123456789";
    private const string HmacSecret = "bench-hmac-secret-0123456789";

    public static async Task<int> RunAsync(string[] args)
    {
        var credits = Options.Int(args, "--credits", 10_000);
        var concurrency = Options.Int(args, "--concurrency", 64);
        var runs = Options.Int(args, "--runs", 3);
        var service = new List<double>();
        var users = new List<double>();
        for (var run = 0; run < runs; run++)
        {
            var (s, u) = await RunOnceAsync(credits, concurrency);
            service.Add(s);
            users.Add(u);
        }

        var b = Options.Median(service);
        var m = Options.Median(users);
        Console.WriteLine($"credits={credits} concurrency={concurrency} runs={runs}");
        Console.WriteLine($"baseline POST /scores/increment (X-API-KEY):        median {b:F0} credits/s");
        Console.WriteLine($"POST /api/score/update (JWT + HMAC, anomaly watch): median {m:F0} credits/s  ({m / b:F2}x the baseline)");
        return 0;
    }

    private static async Task<(double Service, double Users)> RunOnceAsync(int credits, int concurrency)
    {
        var dir = Directory.CreateTempSubdirectory("scoreboard-bench-");
        var builder = WebApplication.CreateBuilder(["--urls", "http://127.0.0.1:0", "--Logging:LogLevel:Default=Error",
            $"--Scoreboard:Storage:DataDir={dir.FullName}", $"--Scoreboard:ServiceKeys:ApiKey={Key}",
            "--Scoreboard:UserTokens:Secret=bench-jwt-secret-0123456789abcdefghij", $"--Scoreboard:Signing:Secret={HmacSecret}",
            "--Scoreboard:RateLimits:PerUser=0", "--Scoreboard:RateLimits:PerUserPerHour=0", "--Scoreboard:RateLimits:PerIpPerMinute=0",
            "--Scoreboard:RateLimits:GlobalPerMinute=0"]);
        builder.AddScoreboard();
        await using var app = builder.Build();
        app.MapScoreboard();
        await app.StartAsync();
        try
        {
            var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
            var minter = app.Services.GetRequiredService<TokenMinter>();
            var tokens = Enumerable.Range(0, 1000).Select(i => minter.Mint($"user_{i}", null).Token).ToArray();
            using var client = new HttpClient { BaseAddress = address };
            var service = await PostAllAsync(credits, concurrency, i =>
            {
                var request = Post("/scores/increment", $$"""{"userId":"user_{{i % 1000}}","actionId":"svc_{{i}}"}""");
                request.Headers.Add("X-API-KEY", Key);
                return request;
            }, client);
            var users = await PostAllAsync(credits, concurrency, i =>
            {
                var (action, user) = ($"usr_{i}", $"user_{i % 1000}");
                var signature = RequestSignatures.Sign(HmacSecret, RequestSignatures.Canonical003(action, 10, user));
                var request = Post("/api/score/update", $$"""{"actionId":"{{action}}","points":10,"actionSignature":"{{signature}}"}""");
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokens[i % 1000]);
                return request;
            }, client);
            return (service, users);
        }
        finally
        {
            await app.StopAsync();
            SqliteConnection.ClearAllPools();
            dir.Delete(recursive: true);
        }
    }

    private static async Task<double> PostAllAsync(int credits, int concurrency, Func<int, HttpRequestMessage> build, HttpClient client)
    {
        var next = -1;
        var stopwatch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < credits)
            {
                using var request = build(i);
                using var response = await client.SendAsync(request);
                response.EnsureSuccessStatusCode();
            }
        }));
        return credits / stopwatch.Elapsed.TotalSeconds;
    }

    private static HttpRequestMessage Post(string path, string json) => new(HttpMethod.Post, path)
    {
        Content = new StringContent(json, Encoding.UTF8, new MediaTypeHeaderValue("application/json")),
    };
}
