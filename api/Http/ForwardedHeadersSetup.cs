using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace Matchmaker.Api.Http;

public sealed class ProxyOptions
{
    public const string Section = "ForwardedHeaders";

    // Addresses of the proxies whose X-Forwarded-For is believed, e.g. "10.0.0.5;10.0.0.6".
    public string? KnownProxies { get; set; }

    // Networks in CIDR notation whose X-Forwarded-For is believed, e.g. "10.0.0.0/8;fd00::/8".
    public string? KnownNetworks { get; set; }
}

public static class ForwardedHeadersSetup
{
    // Behind a proxy the client's address is in X-Forwarded-For; it is believed only from the proxies named, so an
    // anonymous caller cannot pick its own rate-limit bucket by sending the header itself.
    public static IServiceCollection AddProxySupport(this IServiceCollection services, IConfiguration configuration)
    {
        var proxy = configuration.GetSection(ProxyOptions.Section).Get<ProxyOptions>() ?? new ProxyOptions();
        var problems = new List<string>();
        services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            o.KnownIPNetworks.Clear();
            o.KnownProxies.Clear();
            foreach (var address in Split(proxy.KnownProxies))
            {
                if (IPAddress.TryParse(address, out var ip))
                {
                    o.KnownProxies.Add(ip);
                }
            }

            foreach (var network in Split(proxy.KnownNetworks))
            {
                if (System.Net.IPNetwork.TryParse(network, out var parsed))
                {
                    o.KnownIPNetworks.Add(parsed);
                }
            }
        });
        foreach (var address in Split(proxy.KnownProxies).Where(a => !IPAddress.TryParse(a, out _)))
        {
            problems.Add($"ForwardedHeaders:KnownProxies has '{address}', which is not an IP address.");
        }

        foreach (var network in Split(proxy.KnownNetworks).Where(n => !System.Net.IPNetwork.TryParse(n, out _)))
        {
            problems.Add($"ForwardedHeaders:KnownNetworks has '{network}', which is not a network in CIDR notation (10.0.0.0/8).");
        }

        if (problems.Count > 0)
        {
            throw new InvalidOperationException(string.Join(" ", problems));
        }

        return services;
    }

    // Without a configured proxy the middleware is left out entirely: no header from a client is ever believed.
    public static WebApplication UseProxySupport(this WebApplication app)
    {
        var proxy = app.Configuration.GetSection(ProxyOptions.Section).Get<ProxyOptions>();
        if (Split(proxy?.KnownProxies).Length > 0 || Split(proxy?.KnownNetworks).Length > 0)
        {
            app.UseForwardedHeaders();
        }

        return app;
    }

    private static string[] Split(string? list) =>
        (list ?? "").Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
