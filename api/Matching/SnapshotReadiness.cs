using Matchmaker.Api.Errors;

namespace Matchmaker.Api.Matching;

// The server listens before the first matching snapshot is built (DatabaseInitializer). An API request in those first
// seconds waits for the build without holding a thread, instead of being refused; the health, metrics, documentation and
// widget paths never need the catalogue and answer at once, so /health/ready can say "not yet".
public static class SnapshotReadiness
{
    public static WebApplication UseSnapshotReadiness(this WebApplication app)
    {
        var snapshots = app.Services.GetRequiredService<CatalogueSnapshotProvider>();
        app.Use(async (context, next) =>
        {
            if (snapshots.IsBuilt || !context.Request.Path.StartsWithSegments("/v1", StringComparison.Ordinal))
            {
                await next(context);
                return;
            }

            try
            {
                await snapshots.WhenBuilt.WaitAsync(context.RequestAborted);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The first build failed and the service is stopping; the client may try again on another node.
                await ApiProblems.WriteAsync(context, ApiError.NotReady(
                    "The service could not load its catalogue and is stopping. Nothing was stored; try again later."));
                return;
            }

            await next(context);
        });
        return app;
    }
}
