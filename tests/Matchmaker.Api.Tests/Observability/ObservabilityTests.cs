using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace Matchmaker.Api.Tests.Observability;

public sealed class ObservabilityTests
{
    [Fact]
    public async Task Metrics_ServesPrometheusText_WithTheMatchersOwnCounters()
    {
        using var api = new MatchmakerApiFactory();
        var client = api.CreateClient();
        await client.PostAsJsonAsync("/v1/matches", new { need = new { description = "energie besparen" } });

        var response = await client.GetAsync("/metrics");
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("matchmaker_matches_total", text);
        Assert.Contains("matchmaker_matches_ranking_duration", text);
        Assert.Contains("http_server_request_duration", text);
    }

    [Fact]
    public async Task Otlp_WhenAnEndpointIsSet_TracesAndMetricsReachTheCollector()
    {
        var received = new ConcurrentBag<string>();
        var port = ServiceProcess.FreePort();
        var collector = WebApplication.CreateBuilder();
        collector.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var app = collector.Build();
        app.MapPost("/v1/{signal}", (string signal) => { received.Add(signal); return Results.Ok(); });
        await app.StartAsync();
        try
        {
            using (var api = new MatchmakerApiFactory(settings: new Dictionary<string, string>
                   {
                       ["OTEL_EXPORTER_OTLP_ENDPOINT"] = $"http://127.0.0.1:{port}",
                       ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
                   }))
            {
                var client = api.CreateClient();
                Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/v1/matches", new { need = new { description = "export" } })).StatusCode);
            }

            // Disposing the service flushes both exporters, but the export itself runs on the exporters' own threads:
            // wait for it (bounded) rather than assume it is done, which a busy machine would not honour.
            for (var waited = 0; waited < 300 && !(received.Contains("traces") && received.Contains("metrics")); waited++)
            {
                await Task.Delay(100);
            }

            Assert.Contains("traces", received);
            Assert.Contains("metrics", received);
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}
