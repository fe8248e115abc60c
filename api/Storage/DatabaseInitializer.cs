using Matchmaker.Api.Catalogue;
using Matchmaker.Api.Matching;
using Microsoft.Extensions.Options;

namespace Matchmaker.Api.Storage;

// Runs before the server takes requests: schema first, then the catalogue seed. Nodes that start together take turns
// (advisory locks on PostgreSQL): the first migrates and seeds, the others find it done. The matching snapshot is built
// while the server starts listening: /health/ready says no until it is there and other requests wait for it, so the
// framework's own start (endpoints, first requests) runs beside the build instead of after it.
public sealed class DatabaseInitializer(
    Migrator migrator, CatalogueSeeder seeder, CatalogueSnapshotProvider snapshots, ClusterLock locks, IOptions<CatalogueOptions> options,
    IHostApplicationLifetime lifetime, ILogger<DatabaseInitializer> logger)
    : IHostedService
{
    private Task _firstBuild = Task.CompletedTask;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await migrator.MigrateAsync(cancellationToken);
        if (options.Value.SeedOnStart)
        {
            await using var held = await locks.AcquireAsync(AdvisoryLocks.Seed, cancellationToken);
            await seeder.SeedOnStartAsync(cancellationToken);
        }

        _firstBuild = Task.Run(BuildFirstSnapshotAsync, CancellationToken.None);
    }

    private async Task BuildFirstSnapshotAsync()
    {
        try
        {
            await snapshots.RefreshAsync(compact: false, lifetime.ApplicationStopping);
        }
        catch (Exception ex)
        {
            snapshots.FirstBuildFailed(ex);
            if (!lifetime.ApplicationStopping.IsCancellationRequested)
            {
                // Without a snapshot the service cannot answer: it stops, with a failing exit code, as a failed start did.
                logger.LogCritical(ex, "The matching snapshot could not be built; the service stops");
                Environment.ExitCode = 1;
                lifetime.StopApplication();
            }

            return;
        }

        // The first build's garbage (rows read, documents parsed) is given back after it, in one pause, once readiness
        // no longer waits for it.
        HeapCompaction.AfterLargeWork(snapshots.Current.Schemes.Count);
    }

    public async Task StopAsync(CancellationToken cancellationToken) =>
        await _firstBuild.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
}
