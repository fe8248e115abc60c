using Matchmaker.Api.Catalogue;
using Matchmaker.Api.Matching;
using Microsoft.Extensions.Options;

namespace Matchmaker.Api.Storage;

// Runs before the server takes requests: schema first, then the catalogue seed, then the matching snapshot.
public sealed class DatabaseInitializer(
    Migrator migrator, CatalogueSeeder seeder, CatalogueSnapshotProvider snapshots, IOptions<CatalogueOptions> options) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await migrator.MigrateAsync(cancellationToken);
        if (options.Value.SeedOnStart)
        {
            await seeder.SeedAsync(cancellationToken);
        }

        await snapshots.RefreshAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
