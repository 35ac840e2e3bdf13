using System.Net.Http.Headers;
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
        await using var server = await InProcessServer.StartAsync(
            "--Logging:LogLevel:Default=Error",
            "--Scoreboard:UserTokens:Secret=bench-jwt-secret-0123456789abcdefghij", $"--Scoreboard:Signing:Secret={HmacSecret}",
            "--Scoreboard:RateLimits:PerUser=0", "--Scoreboard:RateLimits:PerUserPerHour=0", "--Scoreboard:RateLimits:PerIpPerMinute=0",
            "--Scoreboard:RateLimits:GlobalPerMinute=0");
        var minter = server.Services.GetRequiredService<TokenMinter>();
        var tokens = Enumerable.Range(0, 1000).Select(i => minter.Mint($"user_{i}", null).Token).ToArray();
        using var client = server.CreateServiceClient();
        using var anonymous = new HttpClient { BaseAddress = server.Address };
        var service = await Load.RunAsync(credits, concurrency, i =>
            client.PostAsync("/scores/increment", Load.Json($$"""{"userId":"user_{{i % 1000}}","actionId":"svc_{{i}}"}""")));
        var users = await Load.RunAsync(credits, concurrency, i =>
        {
            var (action, user) = ($"usr_{i}", $"user_{i % 1000}");
            var signature = RequestSignatures.Sign(HmacSecret, RequestSignatures.Canonical003(action, 10, user));
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/score/update")
            {
                Content = Load.Json($$"""{"actionId":"{{action}}","points":10,"actionSignature":"{{signature}}"}"""),
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokens[i % 1000]);
            return anonymous.SendAsync(request);
        });
        return (service, users);
    }
}
