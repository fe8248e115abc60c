using Matchmaker.Api.Catalogue;
using Matchmaker.Api.Vocabularies;
using Microsoft.Extensions.Options;

namespace Matchmaker.Api.Matching;

public static class MatchingServiceExtensions
{
    public static IServiceCollection AddMatching(this IServiceCollection services) =>
        services.AddSingleton<CatalogueSnapshotProvider>()
            .AddSingleton(sp => new MatchRequestValidator(sp.GetRequiredService<IOptions<CatalogueOptions>>().Value.DataPath, sp.GetRequiredService<CodeLists>()))
            .AddSingleton<MatchService>();
}
