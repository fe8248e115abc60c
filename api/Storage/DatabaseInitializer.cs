using Matchmaker.Api.Catalogue;
using Matchmaker.Api.Matching;
using Microsoft.Extensions.Options;

namespace Matchmaker.Api.Storage;

// Runs before the server takes requests: schema first, then the catalogue seed, then the matching snapshot. Nodes that
// start together take turns (advisory locks on PostgreSQL): the first migrates and seeds, the others find it done.
public sealed class DatabaseInitializer(
    Migrator migrator, CatalogueSeeder seeder, CatalogueSnapshotProvider snapshots, ClusterLock locks, IOptions<CatalogueOptions> options)
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

        await snapshots.RefreshAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
