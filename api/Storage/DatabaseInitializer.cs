using Matchmaker.Api.Catalogue;
using Microsoft.Extensions.Options;

namespace Matchmaker.Api.Storage;

// Runs before the server takes requests: schema first, then the catalogue seed.
public sealed class DatabaseInitializer(Migrator migrator, CatalogueSeeder seeder, IOptions<CatalogueOptions> options) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await migrator.MigrateAsync(cancellationToken);
        if (options.Value.SeedOnStart)
        {
            await seeder.SeedAsync(cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
