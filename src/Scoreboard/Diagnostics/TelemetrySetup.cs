using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using Npgsql;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Scoreboard.Replies;

namespace Scoreboard.Diagnostics;

/// <summary>Metrics (Prometheus at <c>/metrics</c>), traces (OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set) and JSON logs.</summary>
public static class TelemetrySetup
{
    /// <summary>Meters besides the scoreboard's own: Kestrel's connections and the rest of ASP.NET Core's.</summary>
    private static readonly string[] PlatformMeters =
        ["Microsoft.AspNetCore.Server.Kestrel", "Microsoft.AspNetCore.Http.Connections", "Microsoft.AspNetCore.Diagnostics"];

    /// <summary>Registers telemetry; call before the logging providers are wrapped (the console formatter is chosen here).</summary>
    public static WebApplicationBuilder AddScoreboardTelemetry(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var services = builder.Services;
        UseLogFormat(builder, configuration["LOG_FORMAT"]);
        services.AddOptions<MetricsOptions>().BindConfiguration(MetricsOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<MetricsOptions>>(new SettingsCheck<MetricsOptions>(MetricsOptions.Check));
        services.AddOptions<CreditLogOptions>().BindConfiguration(CreditLogOptions.Section);
        services.AddMetrics();
        services.AddSingleton<ScoreboardMetrics>();

        var metrics = configuration.GetSection(MetricsOptions.Section).Get<MetricsOptions>() ?? new();
        if (metrics.Enabled && metrics.Port > 0)
        {
            // Added to the service's own URLs, not in place of them: listening in code would make Kestrel drop --urls.
            configuration["urls"] = $"{configuration["urls"]};http://+:{metrics.Port}";
        }

        var otel = services.AddOpenTelemetry();
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("OTEL_SERVICE_NAME")))
        {
            otel.ConfigureResource(r => r.AddService("scoreboard"));
        }

        if (metrics.Enabled)
        {
            otel.WithMetrics(m => m
                .AddMeter(ScoreboardMetrics.MeterName)
                .AddMeter(PlatformMeters)
                .AddAspNetCoreInstrumentation()
                .AddRuntimeInstrumentation()
                .AddNpgsqlInstrumentation()
                .AddView(PrometheusName)
                .AddPrometheusExporter());
        }

        if (TracesExported())
        {
            otel.WithTracing(t => t
                .AddSource(ScoreboardTelemetry.SourceName)
                .AddAspNetCoreInstrumentation(o => o.Filter = c => !c.Request.Path.StartsWithSegments(MetricsOptions.Path))
                .AddNpgsql()
                .AddRedisInstrumentation()
                .AddOtlpExporter());
        }

        return builder;
    }

    /// <summary><c>/metrics</c>, first in the pipeline, so a scrape passes nothing else; the admin key guards it unless Access is Open.</summary>
    public static WebApplication UseScoreboardTelemetry(this WebApplication app, string? adminKey, string adminHeader)
    {
        var options = app.Services.GetRequiredService<IOptions<MetricsOptions>>().Value;
        if (options.Enabled)
        {
            if (options.Access == MetricsAccess.AdminKey && string.IsNullOrEmpty(adminKey))
            {
                throw new ScoreboardConfigurationException("Scoreboard:Metrics:Access is AdminKey, but no SCOREBOARD_ADMIN_KEY is set.");
            }

            var port = options.Port;
            app.UseOpenTelemetryPrometheusScrapingEndpoint(
                meterProvider: null,
                predicate: c => c.Request.Path == MetricsOptions.Path && (port == 0 || c.Connection.LocalPort == port),
                path: null,
                configureBranchedPipeline: branch => branch.Use((context, next) =>
                    options.Access == MetricsAccess.Open || HoldsAdminKey(context.Request, adminHeader, adminKey) ? next(context)
                    : ApiErrors.WriteAsync(context, Failure.Unauthenticated, $"/metrics needs the admin key ({adminHeader} or Authorization: Bearer).")),
                optionsName: null);
            if (port > 0)
            {
                // The metrics port serves the metrics alone.
                app.Use((context, next) => context.Connection.LocalPort == port
                    ? ApiErrors.WriteAsync(context, Failure.NotFound, "Only /metrics is served on this port.") : next(context));
            }
        }

        return app;
    }

    /// <summary>The admin key as <c>X-ADMIN-KEY</c> or a bearer token, compared as SHA-256 hashes in constant time.</summary>
    internal static bool HoldsAdminKey(HttpRequest request, string header, string? configured)
    {
        var presented = request.Headers[header].ToString();
        if (presented.Length == 0 && request.Headers.Authorization.ToString() is { } authorization
            && authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            presented = authorization["Bearer ".Length..].Trim();
        }

        return !string.IsNullOrEmpty(configured) && presented.Length > 0 && CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(configured)), SHA256.HashData(Encoding.UTF8.GetBytes(presented)));
    }

    /// <summary>
    /// Prometheus reserves <c>_count</c> for histograms and summaries, so a gauge such as the runtime's
    /// <c>dotnet.timer.count</c> fails <c>promtool check metrics</c>; such instruments are exported as <c>….number</c>.
    /// </summary>
    internal static MetricStreamConfiguration? PrometheusName(System.Diagnostics.Metrics.Instrument instrument) =>
        instrument.Name.EndsWith(".count", StringComparison.Ordinal) && !instrument.GetType().Name.StartsWith("Histogram", StringComparison.Ordinal)
            ? new MetricStreamConfiguration { Name = instrument.Name[..^".count".Length] + ".number" }
            : null;

    /// <summary>The standard OTLP variables switch trace export on; without them no span is exported (or even built).</summary>
    private static bool TracesExported() =>
        !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("OTEL_EXPORTER_OTLP_ENDPOINT"))
        || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"));

    /// <summary><c>LOG_FORMAT=json</c>: the console writes one JSON object per line (002 §10.1); <c>text</c> is the default.</summary>
    private static void UseLogFormat(WebApplicationBuilder builder, string? format)
    {
        switch (format?.Trim().ToLowerInvariant())
        {
            case null or "" or "text":
                return;
            case "json":
                builder.Services.Configure<ConsoleLoggerOptions>(o => o.FormatterName = ConsoleFormatterNames.Json);
                builder.Services.Configure<JsonConsoleFormatterOptions>(o =>
                {
                    o.UseUtcTimestamp = true;
                    o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
                    o.JsonWriterOptions = new System.Text.Json.JsonWriterOptions { Indented = false };
                });
                return;
            default:
                throw new ScoreboardConfigurationException($"LOG_FORMAT must be json or text (got '{format}').");
        }
    }
}
