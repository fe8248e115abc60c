using Dapper;
using Matchmaker.Api.Catalogue;
using Microsoft.Extensions.Options;

namespace Matchmaker.Api.Storage;

public static class StorageExtensions
{
    public static IServiceCollection AddStorage(this IServiceCollection services)
    {
        SqlMapper.AddTypeHandler(new DateOnlyTypeHandler());
        services.AddSingleton(sp => new DatabaseOptions
        {
            ConnectionString = sp.GetRequiredService<IConfiguration>().GetConnectionString(DatabaseOptions.ConnectionStringName)
                               ?? DatabaseOptions.DefaultConnectionString,
        });
        services.AddSingleton<SqliteConnectionFactory>();
        services.AddSingleton<Migrator>();
        services.AddOptions<CatalogueOptions>().BindConfiguration(CatalogueOptions.Section);
        services.AddSingleton(sp => new SchemeValidator(sp.GetRequiredService<IOptions<CatalogueOptions>>().Value.DataPath));
        services.AddSingleton<CatalogueSeeder>();
        services.AddSingleton(TimeProvider.System);
        services.AddHostedService<DatabaseInitializer>();
        return services;
    }
}
