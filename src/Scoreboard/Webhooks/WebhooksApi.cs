using Scoreboard.Replies;
using System.Security.Cryptography;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using Scoreboard.ApiDocs;
using Scoreboard.Diagnostics;
using Scoreboard.Dialects;
using AdminError = Microsoft.AspNetCore.Http.HttpResults.JsonHttpResult<Scoreboard.Replies.SuccessError>;

namespace Scoreboard.Webhooks;

/// <summary>
/// Webhook subscriptions and their deliveries, under the admin group's key check and in its <c>{success, data}</c>
/// envelope. A subscription's secret is accepted once and never shown again.
/// </summary>
public static class WebhooksApi
{
    public static RouteGroupBuilder MapWebhooksAdmin(this RouteGroupBuilder admin)
    {
        admin.MapPost("/webhooks", CreateAsync).Reads<WebhookRequest>()
            .Refuses(400, "INVALID_WEBHOOK", "url, events or secret is not valid, or the url names an inside address that is not allowed")
            .Refuses(409, "WEBHOOK_LIMIT_REACHED", $"{WebhookRules.MaxSubscriptions} subscriptions exist already")
            .WithSummary("Subscribes a URL to webhook events; the secret signs every delivery and is never returned.");
        admin.MapGet("/webhooks", ListAsync).WithSummary("Every webhook subscription (without secrets).");
        admin.MapGet("/webhooks/{id}", GetAsync)
            .Refuses(404, "WEBHOOK_NOT_FOUND", "no subscription has this id")
            .WithSummary("One webhook subscription (without its secret).");
        admin.MapDelete("/webhooks/{id}", DeleteAsync)
            .Refuses(404, "WEBHOOK_NOT_FOUND", "no subscription has this id")
            .WithSummary("Removes a subscription and its deliveries; nothing more is sent to it.");
        admin.MapGet("/webhooks/{id}/deliveries", DeliveriesAsync)
            .Refuses(400, "INVALID_STATUS", "status is not pending, delivered or dead")
            .Refuses(404, "WEBHOOK_NOT_FOUND", "no subscription has this id")
            .WithSummary($"A subscription's latest {WebhookStore.DeliveriesShown} deliveries, newest first; status=dead lists the dead letters.");
        admin.MapPost("/webhooks/{id}/deliveries/{deliveryId}/retry", RetryAsync)
            .Refuses(404, "DELIVERY_NOT_FOUND", "the subscription has no delivery with this id")
            .Refuses(409, "DELIVERY_NOT_DEAD", "the delivery is pending or delivered; only a dead letter is re-sent")
            .WithSummary("Sends a dead-lettered delivery again, from its first attempt.");
        return admin;
    }

    private static async Task<Results<Created<Envelope<CreatedWebhook>>, AdminError>> CreateAsync(
        HttpContext context, WebhookStore store, Microsoft.Extensions.Options.IOptions<WebhookOptions> options, TimeProvider clock, ILogger<WebhookStore> logger)
    {
        var body = await JsonBody.ReadAsync(context.Request, WebhooksJson.Default.WebhookRequest, context.RequestAborted);
        if (body.Value is not { } request)
        {
            var (status, code) = ApiErrors.Describe(Dialect.Seed002, body.Failure!.Value);
            return BoardErrors.Admin(status, code, body.Message, body.Field);
        }

        if (WebhookRules.Check(request.Url, request.Events, request.Secret) is var (field, message))
        {
            return BoardErrors.Admin(400, "INVALID_WEBHOOK", message, field);
        }

        if (!options.Value.AllowPrivateTargets && !WebhookTargets.MayBePublic(new Uri(request.Url!)))
        {
            return BoardErrors.Admin(400, "INVALID_WEBHOOK",
                "'url' names a loopback or private address; deliveries there are off (Scoreboard:Webhooks:AllowPrivateTargets).", "url");
        }

        var id = "wh_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
        if (!await store.AddAsync(id, request.Url!, [.. request.Events!.Select(e => e!)], request.Secret!, clock.GetUtcNow(), context.RequestAborted))
        {
            return BoardErrors.Admin(409, "WEBHOOK_LIMIT_REACHED", $"At most {WebhookRules.MaxSubscriptions} subscriptions can exist; delete one first.");
        }

        Log.WebhookSubscriptionChanged(logger, id, "created");
        return TypedResults.Created($"/api/v1/admin/webhooks/{id}", new Envelope<CreatedWebhook>(true, new CreatedWebhook(id)));
    }

    private static async Task<Ok<Envelope<IReadOnlyList<WebhookSubscription>>>> ListAsync(WebhookStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok(new Envelope<IReadOnlyList<WebhookSubscription>>(true, await store.ListAsync(null, cancellationToken)));

    private static async Task<Results<Ok<Envelope<WebhookSubscription>>, AdminError>> GetAsync(string id, WebhookStore store, CancellationToken cancellationToken) =>
        (await store.ListAsync(id, cancellationToken)) is [var found]
            ? TypedResults.Ok(new Envelope<WebhookSubscription>(true, found))
            : NotFound(id);

    private static async Task<Results<Ok<Envelope<DeletedWebhook>>, AdminError>> DeleteAsync(
        string id, WebhookStore store, ILogger<WebhookStore> logger, CancellationToken cancellationToken)
    {
        if (!await store.DeleteAsync(id, cancellationToken))
        {
            return NotFound(id);
        }

        Log.WebhookSubscriptionChanged(logger, id, "deleted");
        return TypedResults.Ok(new Envelope<DeletedWebhook>(true, new DeletedWebhook(id, true)));
    }

    private static async Task<Results<Ok<Envelope<IReadOnlyList<WebhookDelivery>>>, AdminError>> DeliveriesAsync(
        string id, string? status, WebhookStore store, CancellationToken cancellationToken)
    {
        if (status is not (null or WebhookStore.Pending or WebhookStore.Delivered or WebhookStore.Dead))
        {
            return BoardErrors.Admin(400, "INVALID_STATUS", "'status' is pending, delivered or dead.", "status");
        }

        if ((await store.ListAsync(id, cancellationToken)).Count == 0)
        {
            return NotFound(id);
        }

        return TypedResults.Ok(new Envelope<IReadOnlyList<WebhookDelivery>>(true, await store.DeliveriesAsync(id, status, cancellationToken)));
    }

    // The delivery id is matched by the handler, not a route constraint, so a malformed one is answered after the key check.
    private static async Task<Results<Ok<Envelope<RetriedDelivery>>, AdminError>> RetryAsync(
        string id, string deliveryId, WebhookStore store, TimeProvider clock, CancellationToken cancellationToken) =>
        (long.TryParse(deliveryId, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var delivery)
            ? await store.RetryAsync(id, delivery, clock.GetUtcNow(), cancellationToken)
            : RetryOutcome.NotFound) switch
        {
            RetryOutcome.Queued => TypedResults.Ok(new Envelope<RetriedDelivery>(true, new RetriedDelivery(delivery, WebhookStore.Pending))),
            RetryOutcome.NotDead => BoardErrors.Admin(409, "DELIVERY_NOT_DEAD", $"Delivery {delivery} is not dead; only a dead letter is re-sent."),
            _ => BoardErrors.Admin(404, "DELIVERY_NOT_FOUND", $"Subscription '{id}' has no delivery '{deliveryId}'.", "deliveryId"),
        };

    private static AdminError NotFound(string id) => BoardErrors.Admin(404, "WEBHOOK_NOT_FOUND", $"No webhook subscription has id '{id}'.", "id");
}

/// <summary>The body of <c>POST /api/v1/admin/webhooks</c>.</summary>
public sealed record WebhookRequest(string? Url, List<string?>? Events, string? Secret);

public sealed record CreatedWebhook(string Id);

public sealed record DeletedWebhook(string Id, bool Deleted);

public sealed record RetriedDelivery(long Id, string Status);

[JsonSourceGenerationOptions(System.Text.Json.JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(WebhookRequest))]
[JsonSerializable(typeof(Envelope<CreatedWebhook>))]
[JsonSerializable(typeof(Envelope<WebhookSubscription>))]
[JsonSerializable(typeof(Envelope<IReadOnlyList<WebhookSubscription>>))]
[JsonSerializable(typeof(Envelope<IReadOnlyList<WebhookDelivery>>))]
[JsonSerializable(typeof(Envelope<DeletedWebhook>))]
[JsonSerializable(typeof(Envelope<RetriedDelivery>))]
internal sealed partial class WebhooksJson : JsonSerializerContext;
