using System.Collections.Concurrent;
using Matchmaker.Api.Webhooks;

namespace Matchmaker.Api.Tests.Webhooks;

// Name resolution without DNS: a name resolves to what the test says, and can be changed between subscribing and
// delivering (as DNS rebinding would). Unknown names do not resolve.
public sealed class FakeResolver : IWebhookResolver
{
    private readonly ConcurrentDictionary<string, IPAddress[]> _names = new(StringComparer.OrdinalIgnoreCase);

    public FakeResolver Map(string host, params string[] addresses)
    {
        _names[host] = addresses.Select(IPAddress.Parse).ToArray();
        return this;
    }

    public Task<IPAddress[]> ResolveAsync(string host, CancellationToken ct) =>
        Task.FromResult(_names.TryGetValue(host, out var addresses) ? addresses : []);
}
