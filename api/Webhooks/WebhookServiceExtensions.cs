using Microsoft.Extensions.Options;

namespace Matchmaker.Api.Webhooks;

public static class WebhookServiceExtensions
{
    public static IServiceCollection AddWebhooks(this IServiceCollection services)
    {
        services.AddOptions<WebhookOptions>().BindConfiguration(WebhookOptions.Section)
            .Validate(o => o.MaxAttempts >= 1, "Webhooks__MaxAttempts must be 1 or more.")
            .Validate(o => o.DisableAfterFailures >= 1, "Webhooks__DisableAfterFailures must be 1 or more.")
            .Validate(o => o.Timeout > TimeSpan.Zero && o.Timeout <= TimeSpan.FromMinutes(1), "Webhooks__Timeout must be more than 0 and at most a minute.")
            .Validate(o => o.RetryBaseDelay >= TimeSpan.Zero && o.MaxRetryDelay >= o.RetryBaseDelay, "Webhooks__RetryBaseDelay must be 0 or more and at most Webhooks__MaxRetryDelay.")
            .Validate(o => o.PollInterval > TimeSpan.Zero, "Webhooks__PollInterval must be more than 0.")
            .Validate(o => o.Concurrency >= 1, "Webhooks__Concurrency must be 1 or more.")
            .Validate(o => o.RetentionDays >= 1, "Webhooks__RetentionDays must be 1 or more.")
            .ValidateOnStart();
        services.AddSingleton<IWebhookResolver, DnsWebhookResolver>();
        services.AddSingleton<WebhookTargets>();
        services.AddSingleton<WebhookSender>();
        services.AddSingleton<WebhookDeliverer>();
        services.AddSingleton<DeliverySignal>();
        services.AddSingleton<SubscriptionService>();
        // No redirects, no proxy (it would connect for us, past the address check), and the connect step checks the
        // address it connects to. Our own time limit applies per attempt; the client's own is off.
        services.AddHttpClient(WebhookSender.ClientName, c => c.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(sp =>
            {
                var settings = sp.GetRequiredService<IOptions<WebhookOptions>>().Value;
                return new SocketsHttpHandler
                {
                    AllowAutoRedirect = false,
                    UseProxy = false,
                    UseCookies = false,
                    ConnectTimeout = settings.Timeout,
                    MaxResponseHeadersLength = 16,
                    PooledConnectionLifetime = TimeSpan.FromMinutes(1),
                    ConnectCallback = sp.GetRequiredService<WebhookTargets>().ConnectAsync,
                };
            });
        services.AddSingleton<WebhookDeliveryWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<WebhookDeliveryWorker>());
        return services;
    }
}
