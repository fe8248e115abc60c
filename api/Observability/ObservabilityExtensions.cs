using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Matchmaker.Api.Observability;

public static class ObservabilityExtensions
{
    // Traces and metrics for ASP.NET Core, outgoing HTTP (KVK, PDOK), the database and matching. OTLP is used only when
    // OTEL_EXPORTER_OTLP_ENDPOINT is set; /metrics always serves Prometheus text.
    public static IServiceCollection AddObservability(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<MatchingMetrics>();
        var endpoint = configuration["OTEL_EXPORTER_OTLP_ENDPOINT"];
        var otlp = !string.IsNullOrWhiteSpace(endpoint);
        var protocol = configuration["OTEL_EXPORTER_OTLP_PROTOCOL"] == "http/protobuf"
            ? OpenTelemetry.Exporter.OtlpExportProtocol.HttpProtobuf
            : OpenTelemetry.Exporter.OtlpExportProtocol.Grpc;
        void Otlp(OpenTelemetry.Exporter.OtlpExporterOptions o, string signal)
        {
            // With http/protobuf the endpoint is the collector's base address; each signal has its own path.
            o.Protocol = protocol;
            o.Endpoint = protocol == OpenTelemetry.Exporter.OtlpExportProtocol.HttpProtobuf
                ? new Uri(endpoint!.TrimEnd('/') + "/v1/" + signal)
                : new Uri(endpoint!);
        }

        services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("matchmaker", serviceVersion: Http.ApiInfo.Version))
            .WithTracing(t =>
            {
                t.AddAspNetCoreInstrumentation(o => o.Filter = context => !context.Request.Path.StartsWithSegments("/metrics"))
                    .AddHttpClientInstrumentation()
                    // "Npgsql": every PostgreSQL command as a span (its SQL text with placeholders; parameter values are never recorded).
                    .AddSource(MatchingMetrics.MeterName, Storage.StorageTelemetry.SourceName, "Npgsql");
                if (otlp)
                {
                    t.AddOtlpExporter(o => Otlp(o, "traces"));
                }
            })
            .WithMetrics(m =>
            {
                m.AddAspNetCoreInstrumentation()
                    .AddHttpClientInstrumentation()
                    .AddMeter(MatchingMetrics.MeterName, Insights.InsightsMetrics.MeterName, Storage.StorageTelemetry.SourceName, "Npgsql")
                    .AddPrometheusExporter();
                if (otlp)
                {
                    m.AddOtlpExporter(o => Otlp(o, "metrics"));
                }
            });
        return services;
    }

    public static WebApplication MapMetrics(this WebApplication app)
    {
        app.MapPrometheusScrapingEndpoint("/metrics");
        return app;
    }
}
