using Matchmaker.Api.Catalogue;
using Matchmaker.Api.Matching;
using Microsoft.Extensions.Options;

namespace Matchmaker.Api.Storage;

// Runs before the server takes requests: schema first, then the catalogue seed, then the matching snapshot. Nodes that
// start together take turns (advisory locks on PostgreSQL): the first migrates and seeds, the others find it done.
public sealed class DatabaseInitializer(
    Migrator migrator, CatalogueSeeder seeder, CatalogueSnapshotProvider snapshots, ClusterLock locks, IOptions<CatalogueOptions> options,
    IHostApplicationLifetime lifetime)
    : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await migrator.MigrateAsync(cancellationToken);
        if (options.Value.SeedOnStart)
        {
            await using var held = await locks.AcquireAsync(AdvisoryLocks.Seed, cancellationToken);
            await seeder.SeedOnStartAsync(cancellationToken);
        }

        await snapshots.RefreshAsync(compact: false, cancellationToken);
        // The first build's garbage (rows read, documents parsed) is given back once the server listens: the same single
        // pause, after readiness instead of before it.
        lifetime.ApplicationStarted.Register(() => ThreadPool.QueueUserWorkItem(
            static count => HeapCompaction.AfterLargeWork(count), snapshots.Current.Schemes.Count, preferLocal: false));
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
