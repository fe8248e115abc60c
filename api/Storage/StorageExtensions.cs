using Dapper;
using Matchmaker.Api.Catalogue;
using Microsoft.Extensions.Options;

namespace Matchmaker.Api.Storage;

public static class StorageExtensions
{
    // The web service: the database, the catalogue seed, and the start-up work that applies both.
    public static IServiceCollection AddStorage(this IServiceCollection services)
    {
        services.AddDatabase();
        services.AddCatalogueSeed();
        services.AddHostedService<DatabaseInitializer>();
        return services;
    }

    // What every command needs too: the connection string, the connection factory, the migrations and the clock.
    public static IServiceCollection AddDatabase(this IServiceCollection services)
    {
        SqlMapper.AddTypeHandler(new DateOnlyTypeHandler());
        services.AddSingleton(sp => new DatabaseOptions
        {
            ConnectionString = sp.GetRequiredService<IConfiguration>().GetConnectionString(DatabaseOptions.ConnectionStringName)
                               ?? DatabaseOptions.DefaultConnectionString,
        });
        services.AddSingleton<SqliteConnectionFactory>();
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
