using System.Net;
using Scoreboard.IntegrationTests.Infrastructure;

namespace Scoreboard.IntegrationTests.Metrics;

/// <summary>
/// A small OTLP/HTTP collector on a free loopback port: takes <c>POST /v1/traces</c> (protobuf), answers 200, and keeps
/// the decoded spans, at most <see cref="MaxSpans"/>.
/// </summary>
public sealed class OtlpReceiver : IAsyncDisposable
{
    public const int MaxSpans = 10_000;

    private readonly HttpListener _listener = new();
    private readonly List<OtlpSpan> _spans = [];
    private readonly Task _serving;

    public OtlpReceiver()
    {
        Port = FreePort.Next();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _serving = ServeAsync();
    }

    public int Port { get; }

    public Uri Endpoint => new($"http://127.0.0.1:{Port}");

    /// <summary>Requests that were not trace exports (a wrong path or content type).</summary>
    public int Rejected { get; private set; }

    public IReadOnlyList<OtlpSpan> Spans
    {
        get
        {
            lock (_spans)
            {
                return [.. _spans];
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        try
        {
            await _serving;
        }
        catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException)
        {
        }
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body);
            if (context.Request.HttpMethod == "POST" && context.Request.Url!.AbsolutePath.EndsWith("/v1/traces", StringComparison.Ordinal)
                && context.Request.ContentType == "application/x-protobuf")
            {
                var spans = OtlpSpans.Decode(body.ToArray()).ToList();
                lock (_spans)
                {
                    _spans.AddRange(spans.Take(MaxSpans - _spans.Count));
                }

                context.Response.StatusCode = 200;
                context.Response.ContentType = "application/x-protobuf";
            }
            else
            {
                Rejected++;
                context.Response.StatusCode = 404;
            }

            context.Response.Close();
        }
    }
}
