namespace Matchmaker.Api.Publishing;

public static class PublishingServiceExtensions
{
    public static IServiceCollection AddPublishing(this IServiceCollection services) => services.AddSingleton<SchemeWriter>();
}
