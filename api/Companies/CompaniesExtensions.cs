using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization;
using Matchmaker.Api.Storage;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Refit;

namespace Matchmaker.Api.Companies;

public static class CompaniesExtensions
{
    // KVK and PDOK leave fields out and sometimes send numbers as strings; reading must not fail on either.
    private static readonly RefitSettings Settings = new(new SystemTextJsonContentSerializer(new JsonSerializerOptions(JsonSerializerDefaults.Web)
    {
        NumberHandling = JsonNumberHandling.AllowReadingFromString,
    }));

    public static IServiceCollection AddCompanies(this IServiceCollection services)
    {
        services.AddOptions<KvkOptions>().BindConfiguration(KvkOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<PdokOptions>().BindConfiguration(PdokOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<UpstreamResilienceOptions>().BindConfiguration(UpstreamResilienceOptions.Section);
        services.AddClaimedJob<UpstreamCacheExpiry>();

        services.AddRefitGeneratedClient<IKvkApi>(Settings)
            .ConfigureHttpClient((sp, client) =>
            {
                var options = sp.GetRequiredService<IOptions<KvkOptions>>().Value;
                client.BaseAddress = new Uri(options.BaseUrl.TrimEnd('/') + "/");
                client.DefaultRequestHeaders.Add("apikey", options.ApiKey);
                client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            })
            .AddUpstreamResilience();

        services.AddRefitGeneratedClient<IPdokApi>(Settings)
            .ConfigureHttpClient((sp, client) =>
            {
                client.BaseAddress = new Uri(sp.GetRequiredService<IOptions<PdokOptions>>().Value.BaseUrl.TrimEnd('/') + "/");
                client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            })
            .AddUpstreamResilience();

        services.AddSingleton<CompanyLookup>();
        services.AddSingleton<CompanyProfiles>();
        return services;
    }

    // The resilience handler, and inside it (added after, so called per attempt) the handler that reads the body:
    // one deadline for the whole answer, body included.
    private static IHttpClientBuilder AddUpstreamResilience(this IHttpClientBuilder client)
    {
        client.AddStandardResilienceHandler().Configure(Resilience);
        return client.AddHttpMessageHandler(() => new ReadBodyWithinDeadlineHandler());
    }

    // One handler per client: short attempts, a hard total, jittered retries only for what is safe to repeat
    // (transport errors, 408, 429, 5xx: the standard predicate), and a circuit breaker so a dead upstream costs nothing.
    private static void Resilience(HttpStandardResilienceOptions o, IServiceProvider sp)
    {
        var limits = sp.GetRequiredService<IOptions<UpstreamResilienceOptions>>().Value;
        o.AttemptTimeout.Timeout = limits.AttemptTimeout;
        o.TotalRequestTimeout.Timeout = limits.TotalTimeout;
        o.Retry.MaxRetryAttempts = limits.RetryAttempts;
        o.Retry.Delay = limits.RetryDelay;
        o.Retry.UseJitter = true;
        o.Retry.BackoffType = Polly.DelayBackoffType.Exponential;
        o.CircuitBreaker.SamplingDuration = TimeSpan.FromTicks(Math.Max(TimeSpan.FromSeconds(30).Ticks, limits.AttemptTimeout.Ticks * 2));
        o.CircuitBreaker.MinimumThroughput = 5;
        o.CircuitBreaker.FailureRatio = 0.5;
        o.CircuitBreaker.BreakDuration = limits.CircuitBreakDuration;
    }
}
