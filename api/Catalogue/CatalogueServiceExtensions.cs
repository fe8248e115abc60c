using Matchmaker.Api.Areas;
using Matchmaker.Api.Vocabularies;

namespace Matchmaker.Api.Catalogue;

public static class CatalogueServiceExtensions
{
    public static IServiceCollection AddCatalogue(this IServiceCollection services) =>
        services
            .AddSingleton<CodeLists>()
            .AddSingleton<SchemeRepository>()
            .AddSingleton<ProviderRepository>()
            .AddSingleton<AreaRepository>()
            .AddSingleton<VocabularyRepository>();
}
