using System.Threading.RateLimiting;
using Matchmaker.Api.Http;
using Matchmaker.Api.Storage;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Matchmaker.Api.Referrals;

public static class ReferralServiceExtensions
{
    public static IServiceCollection AddReferrals(this IServiceCollection services)
    {
        services.AddOptions<ReferralOptions>().BindConfiguration(ReferralOptions.Section)
            .Validate(o => o.AnonymousPerMinute >= 0, "Referrals__AnonymousPerMinute must be 0 (off) or more.")
            .Validate(o => o.RetentionDays >= 1, "Referrals__RetentionDays must be 1 or more.")
            .ValidateOnStart();
        services.AddSingleton<ReferralStore>();
        services.AddSingleton<ReferralService>();
        services.AddSingleton<ReferralStats>();
        services.AddClaimedJob<ReferralJobs>();
        // Any valid key may ask; which referrals it sees is decided per referral (others get 404).
        services.AddAuthorizationBuilder().AddPolicy(ReferralOptions.KeyPolicy, p => p.RequireAuthenticatedUser());
        // Runs after the global limits of AddAbuseLimits; a rejection is answered by their 429 problem with Retry-After.
        services.Configure<RateLimiterOptions>(o => o.AddPolicy(ReferralOptions.RateLimitPolicy, Partition));
        return services;
    }

    // Only referrals without a key (the widget) count, per client IP held in memory for the window; keyed senders are
    // held by the per-key limit.
    private static RateLimitPartition<string> Partition(HttpContext context)
    {
        if (context.User.Identity?.IsAuthenticated == true)
        {
            return RateLimitPartition.GetNoLimiter("keyed");
        }

        var perMinute = context.RequestServices.GetRequiredService<IOptionsMonitor<ReferralOptions>>().CurrentValue.AnonymousPerMinute;
        return RateLimitingExtensions.PerMinute(context.Connection.RemoteIpAddress?.ToString() ?? "unknown", perMinute);
    }
}
