using Dapper;
using Matchmaker.Api.Catalogue;
using Matchmaker.Api.Matching;
using Microsoft.Extensions.Options;

namespace Matchmaker.Api.Storage;

public static class StorageExtensions
{
    // The web service: the database, the catalogue seed, the start-up work that applies both, and the background work
    // that keeps nodes on one database in step.
    public static IServiceCollection AddStorage(this IServiceCollection services)
    {
        services.AddDatabase();
        services.AddCatalogueSeed();
        services.AddHostedService<DatabaseInitializer>();
        // After the initializer (hosted services start in order): keeps the snapshot in step with other nodes' writes.
        services.AddHostedService<CatalogueSync>();
        return services;
    }

    // What every command needs too: the connection string, the connection factory, the migrations and the clock.
    public static IServiceCollection AddDatabase(this IServiceCollection services)
    {
        SqlMapper.AddTypeHandler(new DateOnlyTypeHandler());
        services.AddSingleton(sp => DatabaseOptions.From(sp.GetRequiredService<IConfiguration>()));
        services.AddSingleton<Database>();
        services.AddSingleton<ClusterLock>();
        services.AddSingleton<JobClaims>();
        services.AddSingleton<Migrator>();
        services.AddSingleton<DatabaseWriteCheck>();
        services.AddSingleton(TimeProvider.System);
        return services;
    }

    public static IServiceCollection AddCatalogueSeed(this IServiceCollection services)
    {
        services.AddOptions<CatalogueOptions>().BindConfiguration(CatalogueOptions.Section);
        services.AddSingleton(sp => new SchemeValidator(sp.GetRequiredService<IOptions<CatalogueOptions>>().Value.DataPath));
        services.AddSingleton<CatalogueSeeder>();
        return services;
    }

    // Before the server (or a command) touches the database: one message and exit code 1 when it cannot be written.
    public static async Task<bool> CheckDatabaseIsWritableAsync(this IServiceProvider services, TextWriter error)
    {
        var problem = await services.GetRequiredService<DatabaseWriteCheck>().FindProblemAsync(CancellationToken.None);
        if (problem is not null)
        {
            await error.WriteLineAsync(problem);
        }

        return problem is null;
    }
}
