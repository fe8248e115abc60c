namespace Matchmaker.Api.Matching;

public static class MatchingServiceExtensions
{
    public static IServiceCollection AddMatching(this IServiceCollection services) =>
        services.AddSingleton<CatalogueSnapshotProvider>().AddSingleton<MatchService>();
}
