using System.Threading.RateLimiting;
using Matchmaker.Api.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Matchmaker.Api.Feedback;

public static class FeedbackServiceExtensions
{
    public static IServiceCollection AddFeedback(this IServiceCollection services)
    {
        services.AddOptions<FeedbackOptions>().BindConfiguration(FeedbackOptions.Section)
            .Validate(o => o.PerMinute >= 0, "Feedback__PerMinute must be 0 (off) or more.")
            .ValidateOnStart();
        services.AddSingleton<FeedbackRepository>();
        // Runs after the global limits of AddAbuseLimits; a rejection is answered by their 429 problem with Retry-After.
        services.Configure<RateLimiterOptions>(o => o.AddPolicy(FeedbackOptions.RateLimitPolicy, Partition));
        return services;
    }

    // Per client IP, held only in memory for the window; the address is never written anywhere.
    private static RateLimitPartition<string> Partition(HttpContext context)
    {
        var perMinute = context.RequestServices.GetRequiredService<IOptionsMonitor<FeedbackOptions>>().CurrentValue.PerMinute;
        var partition = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        return RateLimitingExtensions.PerMinute(partition, perMinute);
    }
}
