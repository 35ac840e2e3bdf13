using System.Text;
using Microsoft.Extensions.Options;
using Scoreboard.Diagnostics;

namespace Scoreboard.Webhooks;

/// <summary>
/// Sends due deliveries: claims a batch (bounded by MaxConcurrency), posts each signed body with a timeout and no
/// redirects, and records the outcome: delivered on any 2xx; otherwise retried with exponential backoff until the
/// last attempt, then dead. Every instance runs one; the claim keeps them off each other's deliveries.
/// </summary>
public sealed class WebhookDispatcher(
    WebhookQueue queue, WebhookStore store, IOptions<WebhookOptions> options, TimeProvider clock, IHostApplicationLifetime lifetime,
    ILogger<WebhookDispatcher> logger) : BackgroundService
{
    private static readonly TimeSpan PruneInterval = TimeSpan.FromMinutes(10);
    private readonly HttpClient _client = new(WebhookTargets.Handler(options.Value)) { Timeout = Timeout.InfiniteTimeSpan };
    private bool _failing;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Start once the server has started: by then the warm-up has migrated the store.
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        {
            await started.Task.WaitAsync(stoppingToken);
        }

        var o = options.Value;
        var prunedAt = DateTimeOffset.MinValue;
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(o.PollIntervalMs), clock);
        do
        {
            try
            {
                while (await DispatchOnceAsync(stoppingToken) == o.MaxConcurrency)
                {
                    // A full batch: more may be due right now.
                }

                if (clock.GetUtcNow() - prunedAt > PruneInterval)
                {
                    prunedAt = clock.GetUtcNow();
                    await store.PruneAsync(prunedAt.AddHours(-o.RetentionHours), stoppingToken);
                }

                _failing = false;
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // The store is away: claims stay leased or unclaimed, and the next tick tries again.
                if (!_failing)
                {
                    Log.WebhookDispatchFailed(logger, ex);
                }

                _failing = true;
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>Claims and sends one batch; returns how many deliveries it claimed.</summary>
    public async Task<int> DispatchOnceAsync(CancellationToken cancellationToken)
    {
        var o = options.Value;
        var claimed = await queue.ClaimAsync(o.MaxConcurrency, clock.GetUtcNow(), o.Lease, cancellationToken);
        await Task.WhenAll(claimed.Select(async delivery =>
        {
            var (status, error) = await SendAsync(delivery, cancellationToken);
            if (error is not null)
            {
                if (delivery.Attempts + 1 >= o.MaxAttempts)
                {
                    Log.WebhookDeadLettered(logger, delivery.Id, delivery.Attempts + 1, error);
                }
                else
                {
                    Log.WebhookAttemptFailed(logger, delivery.Id, delivery.Attempts + 1, error);
                }
            }

            // The outcome is recorded even while stopping: the receiver may already have it.
            await queue.RecordAsync(delivery, status, error, clock.GetUtcNow(), o, CancellationToken.None);
        }));
        return claimed.Count;
    }

    private async Task<(int? Status, string? Error)> SendAsync(ClaimedDelivery delivery, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, delivery.Url)
        {
            Content = new StringContent(delivery.Body, Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation(WebhookRules.SignatureHeader,
            WebhookRules.Signature(delivery.Secret, clock.GetUtcNow().ToUnixTimeSeconds(), delivery.Body));
        request.Headers.TryAddWithoutValidation("User-Agent", "Scoreboard-Webhooks/1");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Value.TimeoutMs);
        try
        {
            using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var status = (int)response.StatusCode;
            return (status, status is >= 200 and < 300 ? null : $"HTTP {status}");
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            var message = ex is OperationCanceledException ? $"no answer within {options.Value.TimeoutMs} ms" : ex.Message;
            return (null, message.Length > 300 ? message[..300] : message);
        }
    }

    public override void Dispose()
    {
        _client.Dispose();
        base.Dispose();
    }
}
