using System.Text.Json;
using Matchmaker.Api.Catalogue;
using Matchmaker.Api.Errors;
using Matchmaker.Api.Matching;
using Matchmaker.Api.Storage;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Matchmaker.Api.Health;

public sealed class DatabaseHealthCheck(Database db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var connection = await db.OpenAsync(cancellationToken);
            var schemes = await SchemeRepository.CountAllAsync(connection, cancellationToken);
            return HealthCheckResult.Healthy($"{schemes} schemes");
        }
        catch (Exception ex) when (ex is System.Data.Common.DbException or InvalidOperationException or System.Net.Sockets.SocketException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy("The database cannot be read.", ex);
        }
    }
}

public static class HealthEndpoints
{
    public static IServiceCollection AddHealth(this IServiceCollection services)
    {
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database", tags: ["ready"]);
        return services;
    }

    public static WebApplication MapHealth(this WebApplication app)
    {
        // Live: the process answers. Ready: the matching snapshot is built and the catalogue database can be read.
        // GET only (HEAD too), like every resource.
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteAsync })
            .WithMetadata(new HttpMethodMetadata([HttpMethods.Get]));
        app.MapGet("/health/ready", ReadyAsync).ExcludeFromDescription();
        return app;
    }

    // Until the first snapshot is built the checks are not run: "not yet" is the answer, and the start's many probes
    // write no error to the log, which a failing health check would.
    private static async Task ReadyAsync(HttpContext context, HealthCheckService checks, CatalogueSnapshotProvider snapshots)
    {
        var catalogue = snapshots.IsBuilt
            ? new HealthReportEntry(HealthStatus.Healthy, null, TimeSpan.Zero, null, null)
            : new HealthReportEntry(HealthStatus.Unhealthy, "The matching snapshot is being built.", TimeSpan.Zero, null, null);
        var entries = snapshots.IsBuilt
            ? new Dictionary<string, HealthReportEntry>((await checks.CheckHealthAsync(c => c.Tags.Contains("ready"), context.RequestAborted)).Entries)
            : [];
        entries["catalogue"] = catalogue;
        var report = new HealthReport(entries, TimeSpan.Zero);
        context.Response.StatusCode = report.Status == HealthStatus.Healthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable;
        context.Response.Headers.CacheControl = "no-store, no-cache";
        await WriteAsync(context, report);
    }

    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        var healthy = report.Status == HealthStatus.Healthy;
        context.Response.ContentType = healthy ? "application/json" : "application/problem+json";
        var body = healthy
            ? (object)new { status = "healthy", checks = report.Entries.ToDictionary(e => e.Key, e => e.Value.Status.ToString().ToLowerInvariant()) }
            : NotReady(ApiProblems.ToProblemDetails(ApiError.NotReady(
                "Not ready: " + string.Join(", ", report.Entries.Where(e => e.Value.Status != HealthStatus.Healthy).Select(e => e.Key)))));
        return context.Response.WriteAsync(JsonSerializer.Serialize(body));
    }

    // Written by hand like the healthy answer, without the traceId and instance the problem details service would add.
    private static object NotReady(Microsoft.AspNetCore.Mvc.ProblemDetails problem) =>
        new { type = problem.Type, title = problem.Title, status = problem.Status, detail = problem.Detail };
}
