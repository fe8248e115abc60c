namespace Matchmaker.Api.Tests.Conventions;

// Behind a proxy each anonymous client has its own rate-limit bucket, and a client cannot choose one by sending the header.
public sealed class ForwardedHeadersTests
{
    private static async Task<HttpStatusCode> GetFrom(HttpClient client, string forwardedFor)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/provinces");
        request.Headers.Add("X-Forwarded-For", forwardedFor);
        return (await client.SendAsync(request)).StatusCode;
    }

    [Fact]
    public async Task FromAKnownProxy_EachForwardedClientHasItsOwnLimit()
    {
        // The test server's connection comes from no address; a known network of everything stands in for the proxy.
        using var api = new MatchmakerApiFactory(anonymousPerMinute: 2, settings: new Dictionary<string, string>
        {
            ["ForwardedHeaders:KnownNetworks"] = "0.0.0.0/0;::/0",
        });
        var client = api.CreateClient();

        Assert.Equal(HttpStatusCode.OK, await GetFrom(client, "203.0.113.1"));
        Assert.Equal(HttpStatusCode.OK, await GetFrom(client, "203.0.113.1"));
        Assert.Equal(HttpStatusCode.TooManyRequests, await GetFrom(client, "203.0.113.1"));
        Assert.Equal(HttpStatusCode.OK, await GetFrom(client, "203.0.113.2"));
    }

    [Fact]
    public async Task WithoutKnownProxies_TheHeaderIsIgnored_SoAClientCannotPickABucket()
    {
        using var api = new MatchmakerApiFactory(anonymousPerMinute: 2);
        var client = api.CreateClient();

        Assert.Equal(HttpStatusCode.OK, await GetFrom(client, "203.0.113.1"));
        Assert.Equal(HttpStatusCode.OK, await GetFrom(client, "203.0.113.2"));
        Assert.Equal(HttpStatusCode.TooManyRequests, await GetFrom(client, "203.0.113.3"));
    }

    [Fact]
    public void AProxyThatIsNoAddress_StopsTheStartNamingTheSetting()
    {
        using var api = new MatchmakerApiFactory(settings: new Dictionary<string, string> { ["ForwardedHeaders:KnownProxies"] = "proxy.example" });

        var error = Assert.ThrowsAny<Exception>(() => api.CreateClient());

        Assert.Contains("ForwardedHeaders:KnownProxies", error.ToString(), StringComparison.Ordinal);
    }
}
