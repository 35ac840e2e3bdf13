using System.Net.Http.Headers;
using Microsoft.Playwright;
using Scoreboard.IntegrationTests.Infrastructure;
using Scoreboard.IntegrationTests.Live;
using Scoreboard.IntegrationTests.Security;
using static Scoreboard.IntegrationTests.Security.SignedBodies;

namespace Scoreboard.IntegrationTests.Admin;

/// <summary>
/// A server with the admin key, user tokens and a touchy anomaly watch that freezes flagged users (300 points in the
/// window flags a user), plus one headless Chromium for the console's tests.
/// </summary>
public sealed class ConsoleFixture : IAsyncLifetime
{
    public const string AdminKey = "console-admin-key-0123456789";

    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public ScoreboardServer Server { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Server = await ScoreboardServer.StartAsync(environment: new Dictionary<string, string?>
        {
            ["JWT_SECRET"] = SecurityFixture.JwtSecret,
            ["HMAC_SECRET_KEY"] = SecurityFixture.HmacSecret,
            ["SCOREBOARD_ADMIN_KEY"] = AdminKey,
            ["Scoreboard__UserTokens__Issuer"] = SecurityFixture.Issuer,
            ["Scoreboard__UserTokens__Audience"] = SecurityFixture.Audience,
            ["Scoreboard__UserTokens__RequiredPermission"] = SecurityFixture.Permission,
            ["Scoreboard__AntiCheat__FreezeFlagged"] = "true",
            ["Scoreboard__AntiCheat__MinPoints"] = "300",
            // Every cheater of the class gains as much as the others: at least their average.
            ["Scoreboard__AntiCheat__GrowthFactor"] = "1",
            // Webhooks to a receiver on loopback, given up after one attempt, so a dead letter comes quickly.
            ["Scoreboard__Webhooks__AllowPrivateTargets"] = "true",
            ["Scoreboard__Webhooks__MaxAttempts"] = "1",
            ["Scoreboard__Webhooks__PollIntervalMs"] = "200",
            ["Scoreboard__Webhooks__TimeoutMs"] = "2000",
        });
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = Web.HeadlessChromium.ChromiumPath,
            Headless = true,
            ChromiumSandbox = false,
            Args = ["--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    public HttpClient AdminClient()
    {
        var client = Server.CreateClient();
        client.DefaultRequestHeaders.Add("X-ADMIN-KEY", AdminKey);
        return client;
    }

    /// <summary>A client crediting as <paramref name="userId"/> with a user token, sending <paramref name="userAgent"/> unchecked.</summary>
    public HttpClient UserClient(string userId, string? name = null, string? userAgent = null)
    {
        var client = Server.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
            TestTokens.Hs256(SecurityFixture.JwtSecret, TestTokens.Claims(userId, name: name)));
        if (userAgent is not null)
        {
            client.DefaultRequestHeaders.TryAddWithoutValidation("User-Agent", userAgent);
        }

        return client;
    }

    /// <summary>Credits of 200 + 100 points (each type has its own cool-down): the second gets the user flagged and frozen.</summary>
    public async Task<string> CheatAsync(string? name = null, string? userAgent = null)
    {
        var user = Json.NewId("cheater");
        using var client = UserClient(user, name ?? "Cheater", userAgent);
        foreach (var (type, points) in new[] { ("ACHIEVEMENT", 200L), ("LEVEL_UP", 100L) })
        {
            await Attacks.Expect200(client, "/api/v1/scores/update", Seed002(Guid.NewGuid().ToString(), type, points));
        }

        await Waiting.UntilAsync(async () => (await FlagsOfAsync(user)).Count > 0, TimeSpan.FromSeconds(20), "the cheater is flagged");
        return user;
    }

    public async Task<IReadOnlyList<System.Text.Json.Nodes.JsonNode>> FlagsOfAsync(string user)
    {
        using var admin = AdminClient();
        var (_, flags) = await admin.GetJsonAsync("/api/v1/admin/flags");
        return [.. flags["data"]!.AsArray().Where(f => (string?)f!["userId"] == user).Select(f => f!)];
    }

    /// <summary>A page in a fresh browser context (its own sessionStorage) that accepts the console's confirmations.</summary>
    public async Task<IPage> NewPageAsync()
    {
        var context = await _browser!.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 1000 } });
        var page = await context.NewPageAsync();
        page.Dialog += async (_, dialog) => await dialog.AcceptAsync();
        return page;
    }

    public async Task<IPage> SignedInAsync()
    {
        var page = await NewPageAsync();
        await page.GotoAsync(new Uri(Server.BaseAddress, "/admin").ToString());
        await page.FillAsync("#key", AdminKey);
        await page.ClickAsync("#signin-form button");
        await page.WaitForSelectorAsync("#console:not([hidden])");
        return page;
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
        }

        _playwright?.Dispose();
        await Server.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class ConsoleCollection : ICollectionFixture<ConsoleFixture>
{
    public const string Name = "admin-console";
}
