using System.Text.Json.Nodes;
using Scoreboard.IntegrationTests.Infrastructure;
using Scoreboard.Webhooks;

namespace Scoreboard.IntegrationTests.Webhooks;

/// <summary>
/// The outbox helpers another transaction calls (an erasure): an event queued in a transaction is delivered only once
/// that transaction commits, and a forgotten user's id leaves every queued event before it is sent.
/// </summary>
public sealed class WebhookOutboxTests
{
    [Fact]
    public async Task An_event_queued_in_a_transaction_is_delivered_after_commit_and_not_after_rollback()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var server = await ScoreboardServer.StartAsync(environment: Subscriber.Environment());
        using var admin = Subscriber.Admin(server);
        await Subscriber.SubscribeAsync(admin, receiver.Url, WebhookRules.UserErased);

        var rolledBack = await QueueAsync(server, "rolled_back", commit: false);
        var committed = await QueueAsync(server, "committed", commit: true);

        await Waiting.UntilAsync(() => receiver.Of(WebhookRules.UserErased).Count > 0, TimeSpan.FromSeconds(60), "the committed event");
        var hook = Assert.Single(receiver.Of(WebhookRules.UserErased));
        Assert.Equal(committed, (string?)hook.Event["id"]);
        Assert.Equal("committed", (string?)hook.Event["data"]!["userId"]);
        Assert.NotEqual(rolledBack, committed);
    }

    [Fact]
    public async Task A_forgotten_user_is_named_by_no_queued_event_and_is_sent_under_the_replacement()
    {
        await using var receiver = await WebhookReceiver.StartAsync(down: true);
        await using var server = await ScoreboardServer.StartAsync(environment: Subscriber.Environment());
        using var admin = Subscriber.Admin(server);
        var subscription = await Subscriber.SubscribeAsync(admin, receiver.Url, WebhookRules.SuspiciousActivityFlagged);
        var user = Json.NewId("forgotten");
        await Subscriber.CreditAsync(server, user);
        await Waiting.UntilAsync(async () => (await Subscriber.DeliveriesAsync(admin, subscription)).Count == 1, TimeSpan.FromSeconds(60), "the flag's delivery");

        // An attempt already in flight keeps the body it read (documented): the erasure below meets a queued event, one
        // whose first attempt has failed against the receiver that is down and whose next attempt reads the row again.
        await Waiting.UntilAsync(async () => await AttemptsAsync(server) >= 1, TimeSpan.FromSeconds(60), "the first failed attempt");
        await using (var connection = await Ledger.OpenAsync(server.DatabasePath))
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            Assert.Equal(1, await WebhookOutbox.ForgetUserAsync(transaction, user, "pseudonym-1", CancellationToken.None));
            await transaction.CommitAsync();
        }

        await using (var connection = await Ledger.OpenAsync(server.DatabasePath))
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT count(*) FROM webhook_events WHERE body LIKE '%forgotten%'";
            Assert.Equal(0L, Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture));
        }

        await receiver.StartAsync();
        await Waiting.UntilAsync(() => receiver.Of(WebhookRules.SuspiciousActivityFlagged).Count > 0, TimeSpan.FromSeconds(60), "the rewritten delivery");
        var hook = receiver.Of(WebhookRules.SuspiciousActivityFlagged).Single();
        Assert.Equal("pseudonym-1", (string?)hook.Event["data"]!["userId"]);
        Assert.DoesNotContain(user, hook.Body, StringComparison.Ordinal);
    }

    private static async Task<long> AttemptsAsync(ScoreboardServer server)
    {
        await using var connection = await Ledger.OpenAsync(server.DatabasePath);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT coalesce(min(attempts), 0) FROM webhook_deliveries";
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task<string?> QueueAsync(ScoreboardServer server, string user, bool commit)
    {
        await using var connection = await Ledger.OpenAsync(server.DatabasePath);
        await using var transaction = await connection.BeginTransactionAsync();
        var id = await WebhookOutbox.EnqueueAsync(transaction, WebhookRules.UserErased, new JsonObject { ["userId"] = user }, CancellationToken.None);
        Assert.NotNull(id);
        if (commit)
        {
            await transaction.CommitAsync();
        }
        else
        {
            await transaction.RollbackAsync();
        }

        return id;
    }
}
