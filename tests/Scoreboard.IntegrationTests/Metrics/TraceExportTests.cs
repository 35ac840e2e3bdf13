using Scoreboard.IntegrationTests.Infrastructure;

namespace Scoreboard.IntegrationTests.Metrics;

/// <summary>The standard OTLP variables turn trace export on; a collector sees a credit's whole path in one trace.</summary>
public sealed class TraceExportTests
{
    [Fact]
    public async Task A_credits_trace_reaches_an_otlp_collector_as_request_credit_store_publish()
    {
        await using var receiver = new OtlpReceiver();
        await using var server = await ScoreboardServer.StartAsync(environment: new Dictionary<string, string?>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = receiver.Endpoint.ToString(),
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_BSP_SCHEDULE_DELAY"] = "200",
        });

        var (status, body) = await server.CreateServiceClient().PostAsync("/scores/increment", new { userId = Json.NewId("traced"), actionId = Json.NewId("t") });
        Assert.True(status == 200, $"{status} {body}");

        // Each span is exported when it ends: the request's own span comes last, after its reply.
        (OtlpSpan Publish, OtlpSpan Store, OtlpSpan Credit, OtlpSpan Request, Dictionary<string, OtlpSpan> Trace)? chain = null;
        await Waiting.UntilAsync(() => (chain = Chain(receiver.Spans)) is not null, TimeSpan.FromSeconds(60), "the credit's spans");
        var (_, store, credit, request, spans) = chain!.Value;

        Assert.Equal(["store", "credit"], [store.Name, credit.Name]);
        Assert.Equal("applied", credit.Attributes["scoreboard.credit.outcome"]);
        Assert.Equal("/scores/increment", credit.Attributes["http.route"]);
        Assert.Equal(OtlpSpan.ServerKind, request.Kind);
        Assert.Equal("/scores/increment", request.Attributes["http.route"]);
        Assert.Equal("", request.ParentSpanId);
        Assert.Contains(spans.Values, s => s.Name == "index" && s.ParentSpanId == store.SpanId);
        Assert.Equal(0, receiver.Rejected);
    }

    /// <summary>A publish span and its ancestors, once every one of them has arrived.</summary>
    private static (OtlpSpan, OtlpSpan, OtlpSpan, OtlpSpan, Dictionary<string, OtlpSpan>)? Chain(IReadOnlyList<OtlpSpan> received)
    {
        if (received.FirstOrDefault(s => s.Name == "publish") is not { } publish)
        {
            return null;
        }

        var trace = received.Where(s => s.TraceId == publish.TraceId).ToDictionary(s => s.SpanId);
        return trace.TryGetValue(publish.ParentSpanId, out var store) && trace.TryGetValue(store.ParentSpanId, out var credit)
            && trace.TryGetValue(credit.ParentSpanId, out var request)
            ? (publish, store, credit, request, trace)
            : null;
    }
}
