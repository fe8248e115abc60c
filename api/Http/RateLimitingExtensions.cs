using System.Security.Claims;
using System.Threading.RateLimiting;
using Matchmaker.Api.Errors;
using Microsoft.Extensions.Options;

namespace Matchmaker.Api.Http;

public sealed class RateLimitOptions
{
    public const string Section = "RateLimits";

    // Requests per minute per client IP without a key; 0 switches the limit off.
    public int AnonymousPerMinute { get; set; } = 120;

    // Requests per minute per API key; 0 switches the limit off.
    public int PerKeyPerMinute { get; set; } = 1200;
}

public static class RateLimitingExtensions
{
    public static IServiceCollection AddAbuseLimits(this IServiceCollection services)
    {
        services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.Section)
            .Validate(o => o.AnonymousPerMinute >= 0 && o.PerKeyPerMinute >= 0, "RateLimits__AnonymousPerMinute and RateLimits__PerKeyPerMinute must be 0 (off) or more.")
            .ValidateOnStart();
        services.AddRateLimiter(options =>
        {
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(Partition);
            options.OnRejected = async (context, ct) =>
            {
                var http = context.HttpContext;
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? (int)Math.Ceiling(wait.TotalSeconds) : 60;
                await ApiProblems.WriteAsync(http, ApiError.RateLimited(retryAfter));
            };
        });
        return services;
    }

    private static RateLimitPartition<string> Partition(HttpContext context)
    {
        if (context.Request.Path.StartsWithSegments("/health"))
        {
            return RateLimitPartition.GetNoLimiter("health");
        }

        var limits = context.RequestServices.GetRequiredService<IOptionsMonitor<RateLimitOptions>>().CurrentValue;
        var keyId = context.User.FindFirstValue(ClaimTypes.NameIdentifier);
        var (partition, perMinute) = keyId is not null
            ? ("key:" + keyId, limits.PerKeyPerMinute)
            : ("ip:" + (context.Connection.RemoteIpAddress?.ToString() ?? "unknown"), limits.AnonymousPerMinute);
        return PerMinute(partition, perMinute);
    }

    // Every limit here is so many requests a minute per partition, none queued; 0 switches it off.
    public static RateLimitPartition<string> PerMinute(string partition, int perMinute) =>
        perMinute == 0
            ? RateLimitPartition.GetNoLimiter(partition)
            : RateLimitPartition.GetFixedWindowLimiter(partition, _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = perMinute,
                Window = TimeSpan.FromMinutes(1),
                QueueLimit = 0,
            });
}
