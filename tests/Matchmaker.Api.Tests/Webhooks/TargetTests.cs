using Matchmaker.Api.Webhooks;
using static Matchmaker.Api.Tests.Webhooks.CaseloadSetup;

namespace Matchmaker.Api.Tests.Webhooks;

// SSRF: with private networks not allowed (the default), a subscription and every delivery go only to public
// addresses, checked after DNS; redirects are never followed. Names resolve through a fake, so nothing leaves the machine.
public sealed class TargetTests : IDisposable
{
    private readonly FakeResolver _dns = new FakeResolver()
        .Map("hooks.example.nl", "93.184.216.34")
        .Map("intranet.example.nl", "10.20.30.40")
        .Map("mixed.example.nl", "93.184.216.34", "192.168.1.5")
        .Map("metadata.example.nl", "169.254.169.254")
        .Map("v6.example.nl", "fd00::1")
        .Map("localhost", "127.0.0.1", "::1")
        .Map("moving.example.nl", "93.184.216.34");

    private readonly MatchmakerApiFactory _api;

    public TargetTests() => _api = new MatchmakerApiFactory(settings: Settings(allowPrivate: false), services: Resolver(_dns));

    public void Dispose() => _api.Dispose();

    [Theory]
    [InlineData("127.0.0.1", "a loopback")]
    [InlineData("127.8.9.10", "a loopback")]
    [InlineData("10.0.0.1", "a private")]
    [InlineData("172.16.0.1", "a private")]
    [InlineData("172.31.255.255", "a private")]
    [InlineData("192.168.0.1", "a private")]
    [InlineData("169.254.169.254", "a link-local (cloud metadata)")]
    [InlineData("100.64.0.1", "a shared (carrier-grade NAT)")]
    [InlineData("0.0.0.0", "an unspecified ('this network')")]
    [InlineData("224.0.0.1", "a multicast")]
    [InlineData("255.255.255.255", "a reserved (or broadcast)")]
    [InlineData("::1", "a loopback")]
    [InlineData("::", "an unspecified")]
    [InlineData("fe80::1", "a link-local")]
    [InlineData("fd12:3456::1", "a unique local (private)")]
    [InlineData("ff02::1", "a multicast")]
    [InlineData("::ffff:10.0.0.1", "a private")]
    [InlineData("::ffff:127.0.0.1", "a loopback")]
    [InlineData("64:ff9b::a9fe:a9fe", "a link-local (cloud metadata)")]
    [InlineData("2002:c0a8:0101::1", "a private")]
    [InlineData("2001:db8::1", "a documentation")]
    public void Kind_OfAnAddressThatIsNotPublic_SaysWhatItIs(string address, string kind) =>
        Assert.Equal(kind, WebhookTargets.Kind(IPAddress.Parse(address)));

    [Theory]
    [InlineData("93.184.216.34")]
    [InlineData("145.222.1.10")]
    [InlineData("172.32.0.1")]
    [InlineData("2a00:1450:400e:80e::200e")]
    [InlineData("::ffff:93.184.216.34")]
    public void Kind_OfAPublicAddress_IsNull(string address) => Assert.Null(WebhookTargets.Kind(IPAddress.Parse(address)));

    [Theory]
    [InlineData("http://127.0.0.1/hook", "127.0.0.1 is a loopback address")]
    [InlineData("https://127.0.0.1/hook", "127.0.0.1 is a loopback address")]
    [InlineData("http://169.254.169.254/latest/meta-data/", "169.254.169.254 is a link-local (cloud metadata) address")]
    [InlineData("http://10.0.0.1/", "10.0.0.1 is a private address")]
    [InlineData("http://[::1]/", "::1 is a loopback address")]
    [InlineData("https://[::ffff:7f00:1]/", "is a loopback address")]
    [InlineData("https://2130706433/", "127.0.0.1 is a loopback address")]
    [InlineData("https://0x7f.1/", "127.0.0.1 is a loopback address")]
    [InlineData("https://intranet.example.nl/hook", "intranet.example.nl resolves to 10.20.30.40, a private address")]
    [InlineData("https://metadata.example.nl/", "metadata.example.nl resolves to 169.254.169.254")]
    [InlineData("https://v6.example.nl/", "v6.example.nl resolves to fd00::1, a unique local (private) address")]
    [InlineData("https://localhost:8443/hook", "localhost resolves to 127.0.0.1, a loopback address")]
    [InlineData("https://mixed.example.nl/hook", "mixed.example.nl resolves to 192.168.1.5, a private address")]
    [InlineData("https://nowhere.example.nl/hook", "could not be resolved")]
    [InlineData("http://hooks.example.nl/hook", "Must use https")]
    [InlineData("https://user:secret@hooks.example.nl/hook", "user name or password")]
    [InlineData("ftp://hooks.example.nl/hook", "absolute https URL")]
    [InlineData("/hooks/relative", "absolute https URL")]
    public async Task Subscribe_ToATargetThatIsNotAllowed_Is400_SayingWhy(string url, string reason)
    {
        var adviser = await _api.ClientWithKeyAsync("adviser", organisation: "kvk-zuid");

        var response = await adviser.PostAsync("/v1/subscriptions", Publishing.SchemeBodies.Body(
            $$"""{ "url": "{{url}}", "events": ["match.new"] }"""));

        var problem = await response.ProblemAsync(HttpStatusCode.BadRequest);
        var param = Assert.Single(problem.GetProperty("invalidParams").EnumerateArray());
        Assert.Equal("url", param.GetProperty("name").GetString());
        Assert.Contains(reason, param.GetProperty("reason").GetString());
        Assert.Empty((await (await adviser.GetAsync("/v1/subscriptions")).JsonAsync()).GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task Subscribe_WithEveryFieldWrong_ListsEveryProblem()
    {
        var adviser = await _api.ClientWithKeyAsync("adviser", organisation: "kvk-zuid");

        var response = await adviser.PostAsync("/v1/subscriptions", Publishing.SchemeBodies.Body(
            """{ "url": 42, "events": ["match.new", "match.exploded", "match.new"], "profileIds": [""], "colour": "red" }"""));

        var problem = await response.ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(new[] { "colour", "events[1]", "events[2]", "profileIds[0]", "url" }, problem.InvalidParamNames().Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Subscribe_ToAPublicHttpsName_Is201()
    {
        var adviser = await _api.ClientWithKeyAsync("adviser", organisation: "kvk-zuid");

        var response = await adviser.PostAsync("/v1/subscriptions", Publishing.SchemeBodies.Body(
            """{ "url": "https://hooks.example.nl/matchmaker", "events": ["match.new", "match.gone"] }"""));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.JsonAsync();
        Assert.Equal($"/v1/subscriptions/{created.GetProperty("id").GetString()}", response.Headers.Location?.OriginalString);
        Assert.Matches("^whsec_[A-Za-z0-9+/]{43}=$", created.GetProperty("secret").GetString());
        Assert.Equal(32, Convert.FromBase64String(created.GetProperty("secret").GetString()!["whsec_".Length..]).Length);
    }

    [Fact]
    public async Task Delivery_AfterTheNameMovedToAPrivateAddress_IsRefusedBeforeConnecting_AndTheLogSaysWhy()
    {
        // Arrange: public when subscribing, private when delivering (DNS rebinding).
        var adviser = await _api.ClientWithKeyAsync("adviser", organisation: "kvk-zuid");
        var (subscription, _) = await SubscribeAsync(adviser, "https://moving.example.nl/hook", ["match.new"]);
        _dns.Map("moving.example.nl", "10.9.8.7");

        // Act
        var delivery = await (await adviser.PostAsync($"/v1/subscriptions/{subscription}/test", null)).JsonAsync();

        // Assert
        Assert.Equal("failed", delivery.GetProperty("state").GetString());
        var attempt = Assert.Single(delivery.GetProperty("attemptLog").EnumerateArray());
        Assert.False(attempt.TryGetProperty("statusCode", out _));
        Assert.Equal("Refused: moving.example.nl resolves to 10.9.8.7, a private address; webhooks go only to public addresses.",
            attempt.GetProperty("error").GetString());
    }
}

// With private networks allowed (so the receiver on 127.0.0.1 can be used): a redirect is a failed delivery that says
// where it pointed, and nothing follows it; a receiver that does not answer in time is a failed attempt too.
public sealed class RedirectAndTimeoutTests : IDisposable
{
    private readonly WebhookReceiver _receiver = new();
    private readonly MatchmakerApiFactory _api = new(settings: Settings(more: ("Webhooks:Timeout", "00:00:01")));

    public void Dispose()
    {
        _api.Dispose();
        _receiver.Dispose();
    }

    [Fact]
    public async Task RedirectToAPrivateAddress_IsNotFollowed()
    {
        var adviser = await _api.ClientWithKeyAsync("adviser", organisation: "kvk-zuid");
        var (subscription, _) = await SubscribeAsync(adviser, _receiver.Url, ["match.new"]);
        _receiver.Location = "http://169.254.169.254/latest/meta-data/";
        _receiver.Answer(302);

        var delivery = await (await adviser.PostAsync($"/v1/subscriptions/{subscription}/test", null)).JsonAsync();

        Assert.Equal("failed", delivery.GetProperty("state").GetString());
        Assert.Equal(302, delivery.GetProperty("lastStatusCode").GetInt32());
        Assert.Equal("The receiver answered 302 (a redirect to http://169.254.169.254/latest/meta-data/); redirects are not followed.",
            delivery.GetProperty("lastError").GetString());
        Assert.Single(_receiver.All);
    }

    [Fact]
    public async Task ReceiverThatDoesNotAnswer_FailsAfterTheTimeLimit()
    {
        var adviser = await _api.ClientWithKeyAsync("adviser", organisation: "kvk-zuid");
        var (subscription, _) = await SubscribeAsync(adviser, _receiver.Url, ["match.new"]);
        _receiver.Hold();

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var delivery = await (await adviser.PostAsync($"/v1/subscriptions/{subscription}/test", null)).JsonAsync();
        _receiver.Release();

        Assert.Equal("No answer within 1 s.", delivery.GetProperty("lastError").GetString());
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(10));
    }
}
