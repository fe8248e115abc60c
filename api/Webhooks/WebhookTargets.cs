using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace Matchmaker.Api.Webhooks;

// Name resolution for webhook targets, a seam so tests can make a name resolve to any address without a DNS server.
public interface IWebhookResolver
{
    Task<IPAddress[]> ResolveAsync(string host, CancellationToken ct);
}

public sealed class DnsWebhookResolver : IWebhookResolver
{
    public Task<IPAddress[]> ResolveAsync(string host, CancellationToken ct) => Dns.GetHostAddressesAsync(host, ct);
}

// A delivery that was refused before a byte was sent, and why (a target that is not public).
public sealed class WebhookTargetRefusedException(string message) : Exception(message);

// Webhooks go only to public addresses: a subscriber must not be able to make the service call into its own network
// (SSRF). The URL is checked when a subscription is made, and the address actually connected to is checked again at
// every delivery, after DNS (ConnectAsync is the SocketsHttpHandler's connect step), so a name that later resolves
// elsewhere gains nothing. Webhooks__AllowPrivateNetworks switches the address checks off and allows plain http.
public sealed class WebhookTargets(IWebhookResolver resolver, IOptionsMonitor<WebhookOptions> options)
{
    public const int MaxUrlLength = 2000;

    private static readonly (IPNetwork Network, string Kind)[] Refused =
    [
        (IPNetwork.Parse("0.0.0.0/8"), "an unspecified ('this network')"),
        (IPNetwork.Parse("10.0.0.0/8"), "a private"),
        (IPNetwork.Parse("100.64.0.0/10"), "a shared (carrier-grade NAT)"),
        (IPNetwork.Parse("127.0.0.0/8"), "a loopback"),
        (IPNetwork.Parse("169.254.0.0/16"), "a link-local (cloud metadata)"),
        (IPNetwork.Parse("172.16.0.0/12"), "a private"),
        (IPNetwork.Parse("192.0.0.0/24"), "a reserved (IETF protocol)"),
        (IPNetwork.Parse("192.0.2.0/24"), "a documentation"),
        (IPNetwork.Parse("192.88.99.0/24"), "a reserved (6to4 relay)"),
        (IPNetwork.Parse("192.168.0.0/16"), "a private"),
        (IPNetwork.Parse("198.18.0.0/15"), "a benchmarking"),
        (IPNetwork.Parse("198.51.100.0/24"), "a documentation"),
        (IPNetwork.Parse("203.0.113.0/24"), "a documentation"),
        (IPNetwork.Parse("224.0.0.0/4"), "a multicast"),
        (IPNetwork.Parse("240.0.0.0/4"), "a reserved (or broadcast)"),
        (IPNetwork.Parse("::/128"), "an unspecified"),
        (IPNetwork.Parse("::1/128"), "a loopback"),
        (IPNetwork.Parse("::/96"), "a deprecated IPv4-compatible"),
        (IPNetwork.Parse("100::/64"), "a discard-only"),
        (IPNetwork.Parse("2001::/32"), "a Teredo tunnel"),
        (IPNetwork.Parse("2001:db8::/32"), "a documentation"),
        (IPNetwork.Parse("fc00::/7"), "a unique local (private)"),
        (IPNetwork.Parse("fe80::/10"), "a link-local"),
        (IPNetwork.Parse("fec0::/10"), "a site-local"),
        (IPNetwork.Parse("ff00::/8"), "a multicast"),
    ];

    private static readonly IPNetwork Nat64 = IPNetwork.Parse("64:ff9b::/96");
    private static readonly IPNetwork SixToFour = IPNetwork.Parse("2002::/16");
    private static readonly IPNetwork GlobalUnicast = IPNetwork.Parse("2000::/3");

    public bool AllowPrivateNetworks => options.CurrentValue.AllowPrivateNetworks;

    // Null for a public unicast address, else what kind of address it is ("a loopback", "a private" …).
    public static string? Kind(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            return Kind(address.MapToIPv4());
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6 && (Nat64.Contains(address) || SixToFour.Contains(address)))
        {
            // An IPv4 address inside an IPv6 one reaches that IPv4 address.
            var bytes = address.GetAddressBytes();
            var embedded = Nat64.Contains(address) ? bytes[12..16] : bytes[2..6];
            return Kind(new IPAddress(embedded));
        }

        foreach (var (network, kind) in Refused)
        {
            if (network.BaseAddress.AddressFamily == address.AddressFamily && network.Contains(address))
            {
                return kind;
            }
        }

        // Outside 2000::/3 nothing is assigned for global unicast.
        return address.AddressFamily == AddressFamily.InterNetworkV6 && !GlobalUnicast.Contains(address) ? "a reserved IPv6" : null;
    }

    // For a new subscription: null when the URL may be used, else one sentence per problem, for invalidParams.
    public async Task<string?> ProblemAsync(string url, CancellationToken ct)
    {
        if (url.Length > MaxUrlLength)
        {
            return $"Must be at most {MaxUrlLength} characters long.";
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http") || uri.IdnHost.Length == 0)
        {
            return "Must be an absolute https URL, such as https://crm.example.nl/hooks/matchmaker.";
        }

        var problems = new List<string>();
        var allowPrivate = AllowPrivateNetworks;
        if (uri.Scheme == "http" && !allowPrivate)
        {
            problems.Add("Must use https; plain http is refused (Webhooks__AllowPrivateNetworks allows it, for tests and on-premises installs).");
        }

        if (uri.UserInfo.Length > 0)
        {
            problems.Add("Must not contain a user name or password; put credentials for the receiver in its own configuration.");
        }

        if (uri.Fragment.Length > 0)
        {
            problems.Add("Must not contain a fragment (#...).");
        }

        if (!allowPrivate)
        {
            try
            {
                await PublicAddressesAsync(uri.IdnHost, ct);
            }
            catch (WebhookTargetRefusedException refused)
            {
                problems.Add(refused.Message);
            }
        }

        return problems.Count == 0 ? null : string.Join(" ", problems);
    }

    // The addresses a delivery may connect to: every address the name resolves to must be public (a name that also
    // resolves to a private address is refused as a whole), unless private networks are allowed.
    public async Task<IPAddress[]> PublicAddressesAsync(string host, CancellationToken ct)
    {
        var bare = host.StartsWith('[') && host.EndsWith(']') ? host[1..^1] : host;
        IPAddress[] addresses;
        if (IPAddress.TryParse(bare, out var literal))
        {
            addresses = [literal];
        }
        else
        {
            try
            {
                addresses = await resolver.ResolveAsync(bare, ct);
            }
            catch (SocketException)
            {
                throw new WebhookTargetRefusedException($"The host name {bare} could not be resolved.");
            }

            if (addresses.Length == 0)
            {
                throw new WebhookTargetRefusedException($"The host name {bare} could not be resolved.");
            }
        }

        if (AllowPrivateNetworks)
        {
            return addresses;
        }

        foreach (var address in addresses)
        {
            if (Kind(address) is { } kind)
            {
                throw new WebhookTargetRefusedException(literal is not null
                    ? $"{address} is {kind} address; webhooks go only to public addresses."
                    : $"{bare} resolves to {address}, {kind} address; webhooks go only to public addresses.");
            }
        }

        return addresses;
    }

    // SocketsHttpHandler.ConnectCallback: resolve, check, and connect to exactly the address that was checked.
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken ct)
    {
        var addresses = await PublicAddressesAsync(context.DnsEndPoint.Host, ct);
        SocketException? last = null;
        foreach (var address in addresses)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, context.DnsEndPoint.Port), ct);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException ex)
            {
                socket.Dispose();
                last = ex;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        throw last ?? new SocketException((int)SocketError.HostNotFound);
    }
}
