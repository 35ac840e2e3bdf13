using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Scoreboard.IntegrationTests.Webhooks;

/// <summary>One request the receiver took: the raw body as sent, its signature header and the parsed event.</summary>
public sealed record ReceivedHook(string Body, string? Signature, JsonNode Event);

/// <summary>
/// A real HTTP receiver on loopback (Kestrel), as a subscriber runs one. It can be stopped (connections refused) and
/// started again on the same port, and told which status to answer.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private WebApplication? _app;
    private volatile int _status = 200;

    public int Port { get; private set; }

    public ConcurrentQueue<ReceivedHook> Received { get; } = new();

    public string Url => $"http://127.0.0.1:{Port}/hook";

    /// <summary>A receiver that is listening; <paramref name="down"/>: one that has a port but refuses connections.</summary>
    public static async Task<WebhookReceiver> StartAsync(bool down = false)
    {
        var receiver = new WebhookReceiver();
        await receiver.StartAsync();
        if (down)
        {
            await receiver.StopAsync();
        }

        return receiver;
    }

    /// <summary>The status every request is answered with from now on.</summary>
    public void Answer(int status) => _status = status;

    public async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{Port}");
        var app = builder.Build();
        app.MapPost("/hook", async (HttpContext context) =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync();
            var status = _status;
            if (status is >= 200 and < 300)
            {
                Received.Enqueue(new ReceivedHook(body, context.Request.Headers["Scoreboard-Signature"].FirstOrDefault(), JsonNode.Parse(body)!));
            }

            context.Response.StatusCode = status;
        });
        await app.StartAsync();
        Port = new Uri(app.Urls.First()).Port;
        _app = app;
    }

    public async Task StopAsync()
    {
        if (_app is { } app)
        {
            _app = null;
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    public ValueTask DisposeAsync() => new(StopAsync());

    /// <summary>Events of <paramref name="type"/> received so far.</summary>
    public List<ReceivedHook> Of(string type) => [.. Received.Where(r => (string?)r.Event["type"] == type)];
}
