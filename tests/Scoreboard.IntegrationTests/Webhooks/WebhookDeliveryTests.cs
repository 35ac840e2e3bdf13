using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Scoreboard.IntegrationTests.Infrastructure;

namespace Scoreboard.IntegrationTests.Webhooks;

/// <summary>
/// Deliveries to a real receiver on loopback: signed as documented, retried while the receiver is down (also across a
/// kill -9 of the server), dead-lettered after the last attempt and re-sent on request.
/// </summary>
public sealed partial class WebhookDeliveryTests
{
    private const string Flagged = "suspicious_activity.flagged";

    // Retries, restarts and a shared machine: generous, since the tests poll.
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_flag_is_delivered_once_with_a_signature_the_receiver_can_verify()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var server = await ScoreboardServer.StartAsync(environment: Subscriber.Environment());
        using var admin = Subscriber.Admin(server);
        var subscription = await Subscriber.SubscribeAsync(admin, receiver.Url, Flagged);
        var user = Json.NewId("flagged");

        await Subscriber.CreditAsync(server, user);
        await Waiting.UntilAsync(() => receiver.Of(Flagged).Count > 0, Deadline, "the flag's delivery");

        var hook = receiver.Of(Flagged).Single();
        Assert.Equal(user, (string?)hook.Event["data"]!["userId"]);
        Assert.StartsWith("evt_", (string?)hook.Event["id"], StringComparison.Ordinal);
        Assert.True(DateTimeOffset.TryParse((string?)hook.Event["createdAt"], out _));
        var match = SignatureHeader().Match(hook.Signature ?? "");
        Assert.True(match.Success, $"signature header: {hook.Signature}");
        var t = match.Groups[1].Value;
        Assert.InRange(long.Parse(t, System.Globalization.CultureInfo.InvariantCulture), DateTimeOffset.UtcNow.AddMinutes(-5).ToUnixTimeSeconds(),
            DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 5);
        var expected = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Subscriber.Secret), Encoding.UTF8.GetBytes($"{t}.{hook.Body}")));
        Assert.Equal(expected, match.Groups[2].Value);

        // The README's snippet accepts the delivery as sent and refuses it with one byte changed or another secret.
        Assert.Equal("true", await VerifyWithReadmeSnippetAsync(hook.Body, hook.Signature!, Subscriber.Secret));
        Assert.Equal("false", await VerifyWithReadmeSnippetAsync(hook.Body.Replace(user, user + "x", StringComparison.Ordinal), hook.Signature!, Subscriber.Secret));
        Assert.Equal("false", await VerifyWithReadmeSnippetAsync(hook.Body, hook.Signature!, Subscriber.Secret + "x"));

        var delivery = Assert.Single(await Subscriber.DeliveriesAsync(admin, subscription));
        Assert.Equal("delivered", (string?)delivery!["status"]);
        Assert.Equal(1, (int)delivery["attempts"]!);
        Assert.Equal((string?)hook.Event["id"], (string?)delivery["eventId"]);
    }

    [Fact]
    public async Task A_receiver_that_is_down_is_retried_until_it_takes_the_event()
    {
        await using var receiver = await WebhookReceiver.StartAsync(down: true);
        await using var server = await ScoreboardServer.StartAsync(environment: Subscriber.Environment());
        using var admin = Subscriber.Admin(server);
        var subscription = await Subscriber.SubscribeAsync(admin, receiver.Url, Flagged);

        await Subscriber.CreditAsync(server, Json.NewId("retried"));
        await Waiting.UntilAsync(async () => (await Subscriber.DeliveriesAsync(admin, subscription)) is [{ } d] && (int)d["attempts"]! >= 2,
            Deadline, "two failed attempts");
        var pending = Assert.Single(await Subscriber.DeliveriesAsync(admin, subscription))!;
        Assert.Equal("pending", (string?)pending["status"]);
        Assert.NotNull((string?)pending["lastError"]);
        Assert.Empty(receiver.Received);

        await receiver.StartAsync();
        await Waiting.UntilAsync(() => receiver.Of(Flagged).Count > 0, Deadline, "the delivery after the receiver came back");
        await Waiting.UntilAsync(async () => (string?)(await Subscriber.DeliveriesAsync(admin, subscription))[0]!["status"] == "delivered",
            Deadline, "the delivery recorded as delivered");
    }

    [Fact]
    public async Task Killing_the_server_while_the_receiver_is_down_still_delivers_after_a_restart()
    {
        var dataDir = Directory.CreateTempSubdirectory("scoreboard-webhooks-crash-").FullName;
        try
        {
            await using var receiver = await WebhookReceiver.StartAsync(down: true);
            var server = await ScoreboardServer.StartAsync(dataDir, Subscriber.Environment());
            string subscription;
            using (var admin = Subscriber.Admin(server))
            {
                subscription = await Subscriber.SubscribeAsync(admin, receiver.Url, Flagged);
                await Subscriber.CreditAsync(server, Json.NewId("crash"));
                await Waiting.UntilAsync(async () => (await Subscriber.DeliveriesAsync(admin, subscription)) is [{ } d] && (int)d["attempts"]! >= 1,
                    Deadline, "a failed attempt");
            }

            server.Kill();
            await server.DisposeAsync();
            await receiver.StartAsync();
            await using var restarted = await ScoreboardServer.StartAsync(dataDir, Subscriber.Environment());
            using var again = Subscriber.Admin(restarted);

            await Waiting.UntilAsync(() => receiver.Of(Flagged).Count > 0, Deadline, "the delivery after the restart");
            await Waiting.UntilAsync(async () => (string?)(await Subscriber.DeliveriesAsync(again, subscription))[0]!["status"] == "delivered",
                Deadline, "the delivery recorded as delivered");
        }
        finally
        {
            Directory.Delete(dataDir, recursive: true);
        }
    }

    [Fact]
    public async Task After_the_last_attempt_a_delivery_is_dead_listed_and_can_be_sent_again()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Answer(500);
        await using var server = await ScoreboardServer.StartAsync(environment: Subscriber.Environment(maxAttempts: 3));
        using var admin = Subscriber.Admin(server);
        var subscription = await Subscriber.SubscribeAsync(admin, receiver.Url, Flagged);

        await Subscriber.CreditAsync(server, Json.NewId("dead"));
        await Waiting.UntilAsync(async () => (await Subscriber.DeliveriesAsync(admin, subscription, "dead")).Count == 1, Deadline, "the dead letter");
        var dead = (await Subscriber.DeliveriesAsync(admin, subscription, "dead"))[0]!;
        Assert.Equal(3, (int)dead["attempts"]!);
        Assert.Equal(500, (int)dead["lastStatus"]!);
        Assert.Empty(await Subscriber.DeliveriesAsync(admin, subscription, "pending"));
        var id = (long)dead["id"]!;

        receiver.Answer(200);
        var (retried, body) = await admin.PostAsync($"/api/v1/admin/webhooks/{subscription}/deliveries/{id}/retry", "");
        Assert.True(retried == 200, $"retry: {retried} {body}");
        await Waiting.UntilAsync(() => receiver.Of(Flagged).Count > 0, Deadline, "the re-sent delivery");
        Assert.Equal((string?)dead["eventId"], (string?)receiver.Of(Flagged).Single().Event["id"]);
        await Waiting.UntilAsync(async () => (string?)(await Subscriber.DeliveriesAsync(admin, subscription))[0]!["status"] == "delivered",
            Deadline, "the re-sent delivery recorded as delivered");

        var (again, againBody) = await admin.PostAsync($"/api/v1/admin/webhooks/{subscription}/deliveries/{id}/retry", "");
        var (missing, missingBody) = await admin.PostAsync($"/api/v1/admin/webhooks/{subscription}/deliveries/{id + 1000}/retry", "");
        Assert.Equal(409, again);
        Assert.Equal("DELIVERY_NOT_DEAD", (string?)againBody["error"]!["code"]);
        Assert.Equal(404, missing);
        Assert.Equal("DELIVERY_NOT_FOUND", (string?)missingBody["error"]!["code"]);
        Assert.Single(receiver.Of(Flagged));
    }

    private static async Task<string> VerifyWithReadmeSnippetAsync(string body, string signature, string secret)
    {
        var readme = await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.Root, "README.md"));
        var snippet = ReadmeSnippet().Match(readme);
        Assert.True(snippet.Success, "README.md has the webhook verification snippet after <!-- webhook-verify -->");
        var start = new ProcessStartInfo("node",
            ["-e", snippet.Groups[1].Value + "\nprocess.stdout.write(String(verifyScoreboardSignature(process.env.BODY, process.env.SIG, process.env.SECRET)));"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["BODY"] = body;
        start.Environment["SIG"] = signature;
        start.Environment["SECRET"] = secret;
        using var node = Process.Start(start)!;
        var output = node.StandardOutput.ReadToEndAsync();
        var error = node.StandardError.ReadToEndAsync();
        await node.WaitForExitAsync().WaitAsync(Timeouts.Message);
        Assert.True(node.ExitCode == 0, $"node exited with {node.ExitCode}:\n{await output}{await error}");
        return await output;
    }

    [GeneratedRegex(@"^t=(\d+),v1=([0-9a-f]{64})$")]
    private static partial Regex SignatureHeader();

    [GeneratedRegex(@"<!-- webhook-verify -->\n```js\n(.*?)\n```", RegexOptions.Singleline)]
    private static partial Regex ReadmeSnippet();
}
