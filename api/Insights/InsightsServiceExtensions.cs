using Matchmaker.Api.Security;
using Matchmaker.Api.Storage;

namespace Matchmaker.Api.Insights;

public static class InsightsServiceExtensions
{
    public static IServiceCollection AddInsights(this IServiceCollection services)
    {
        services.AddOptions<InsightsOptions>().BindConfiguration(InsightsOptions.Section)
            .Validate(o => o.MinimumCellSize >= 1, "Insights__MinimumCellSize must be 1 or more.")
            .Validate(o => o.RetentionDays >= 1, "Insights__RetentionDays must be 1 or more.")
            .Validate(o => o.QueueCapacity >= 1, "Insights__QueueCapacity must be 1 or more.")
            .Validate(o => o.BatchSize is >= 1 and <= 10_000, "Insights__BatchSize must be between 1 and 10000.")
            .Validate(o => o.WriteInterval >= TimeSpan.Zero && o.WriteInterval <= TimeSpan.FromMinutes(1), "Insights__WriteInterval must be between 00:00:00 and 00:01:00.")
            .Validate(o => o.WordKey is null || o.WordKey.Length >= 32, "Insights__WordKey must be at least 32 characters (or unset).")
            .ValidateOnStart();
        services.AddSingleton<InsightsMetrics>();
        services.AddSingleton<DemandRecorder>();
        services.AddSingleton<DemandStore>();
        services.AddSingleton<InsightsQueries>();
        services.AddSingleton<InsightsService>();
        // Singletons as well as hosted services, so tests can drain the queue and run the retention on demand.
        services.AddSingleton<DemandWriter>();
        services.AddHostedService(sp => sp.GetRequiredService<DemandWriter>());
        services.AddClaimedJob<DemandRetention>();
        // The match service reads the widget's channel header and the sender from the request it answers.
        services.AddHttpContextAccessor();
        services.AddAuthorizationBuilder()
            .AddPolicy(InsightsEndpoints.AnalystPolicy, p => p.RequireRole(Roles.Analyst, Roles.Admin))
            .AddPolicy(InsightsEndpoints.ExposurePolicy, p => p.RequireRole(Roles.Analyst, Roles.Admin, Roles.Publisher));
        return services;
    }
}
