using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Scoreboard.Crediting;
using Scoreboard.Diagnostics;
using Scoreboard.Live;
using Scoreboard.Security.Tickets;

namespace Scoreboard.UnitTests.Diagnostics;

public sealed class ScoreboardMetricsTests
{
    [Theory]
    [InlineData(401, "auth")]
    [InlineData(403, "auth")]
    [InlineData(429, "rate_limit")]
    [InlineData(503, "unavailable")]
    [InlineData(500, "unavailable")]
    [InlineData(400, "validation")]
    [InlineData(413, "validation")]
    [InlineData(422, "validation")]
    public void A_status_code_alone_implies_its_refusal_reason(int status, string reason) =>
        Assert.Equal(reason, RefusalReason.ForStatus(status));

    [Theory]
    [InlineData(TicketProblem.None, null)]
    [InlineData(TicketProblem.Invalid, "signature")]
    [InlineData(TicketProblem.TooEarly, "cooldown")]
    [InlineData(TicketProblem.Expired, "validation")]
    public void Ticket_problems_are_refused_for_their_reason(TicketProblem problem, string? reason) =>
        Assert.Equal(reason, RefusalReason.ForTicket(problem));

    [Theory]
    [InlineData(WireFormat.Seed000, "websocket")]
    [InlineData(WireFormat.Seed003, "websocket")]
    [InlineData(WireFormat.Seed004, "websocket")]
    [InlineData(WireFormat.Seed001Sse, "sse")]
    [InlineData(WireFormat.Seed003Sse, "sse")]
    [InlineData(WireFormat.Seed002SocketIo, "socket.io")]
    public void Each_wire_format_is_tagged_with_its_transport(WireFormat format, string transport) =>
        Assert.Equal(transport, format.Transport());

    [Fact]
    public void Gauges_named_count_are_renamed_for_prometheus_and_histograms_are_left_alone()
    {
        using var meter = new Meter("test.rename");

        Assert.Equal("dotnet.timer.number", TelemetrySetup.PrometheusName(meter.CreateObservableGauge("dotnet.timer.count", () => 1L))?.Name);
        Assert.Equal("db.client.connection.number", TelemetrySetup.PrometheusName(meter.CreateUpDownCounter<long>("db.client.connection.count"))?.Name);
        Assert.Null(TelemetrySetup.PrometheusName(meter.CreateHistogram<long>("request.count")));
        Assert.Null(TelemetrySetup.PrometheusName(meter.CreateCounter<long>("scoreboard.credits")));
    }

    [Fact]
    public void Refusals_carry_their_reason_and_other_outcomes_none()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var metrics = new ScoreboardMetrics(services.GetRequiredService<IMeterFactory>());
        var seen = new List<string>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == ScoreboardMetrics.MeterName && instrument.Name == "scoreboard.credits")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
            seen.Add(string.Join(",", tags.ToArray().Select(t => $"{t.Key}={t.Value}")) + $":{value}"));
        listener.Start();

        metrics.Credit(CreditTally.Refused, RefusalReason.Signature);
        metrics.Credit(CreditTally.Applied, null);

        Assert.Equal(["outcome=refused,reason=signature:1", "outcome=applied:1"], seen);
    }
}

public sealed class CreditTallyTests
{
    [Theory]
    [InlineData("applied", null, 200, "applied", null)]
    [InlineData("applied", "cooldown", 200, "applied", null)]
    [InlineData("duplicate", null, 200, "duplicate", null)]
    [InlineData("duplicate", null, 409, "duplicate", null)]
    [InlineData("duplicate", null, 422, "refused", "validation")]
    [InlineData(null, "signature", 403, "refused", "signature")]
    [InlineData(null, "cooldown", 429, "refused", "cooldown")]
    [InlineData(null, null, 429, "refused", "rate_limit")]
    [InlineData(null, null, 401, "refused", "auth")]
    [InlineData(null, null, 409, "duplicate", null)]
    [InlineData(null, null, 503, "refused", "unavailable")]
    public void What_the_pipeline_said_wins_over_the_status_code(string? said, string? reason, int status, string outcome, string? counted) =>
        Assert.Equal((outcome, counted), CreditTally.Decide(said, reason, status));
}
