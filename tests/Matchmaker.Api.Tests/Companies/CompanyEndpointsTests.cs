using System.Text;

namespace Matchmaker.Api.Tests.Companies;

public sealed class CompanyEndpointsTests : IDisposable
{
    private readonly MatchmakerApiFactory _api = new();

    public void Dispose() => _api.Dispose();

    private static StringContent Body(string json) => new(json, Encoding.UTF8, "application/json");

    [Fact]
    public async Task GetCompany_Bv_MapsEveryFieldWithProvenance()
    {
        var adviser = await _api.ClientWithKeyAsync("adviser");

        var response = await adviser.GetAsync("/v1/companies/68750110");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.JsonAsync();
        var profile = body.GetProperty("profile");
        Assert.Equal("Test BV Donald", body.GetProperty("name").GetString());
        Assert.Equal("bv", profile.GetProperty("legalForm").GetString());
        Assert.Equal("01241", profile.GetProperty("sbiCodes")[0].GetString());
        Assert.Equal(12, profile.GetProperty("employees").GetInt32());
        Assert.Equal("small", profile.GetProperty("sizeClass").GetString());
        Assert.Equal("2015-06-01", profile.GetProperty("foundedOn").GetString());
        Assert.Equal("GM1900", profile.GetProperty("municipalityCode").GetString());
        Assert.Equal("PV21", profile.GetProperty("provinceCode").GetString());
        var provenance = profile.GetProperty("provenance");
        Assert.Equal("kvk", provenance.GetProperty("legalForm").GetString());
        Assert.Equal("kvk", provenance.GetProperty("employees").GetString());
        Assert.Equal("pdok", provenance.GetProperty("municipalityCode").GetString());
        Assert.Equal("derived", provenance.GetProperty("sizeClass").GetString());
        Assert.Single(body.GetProperty("warnings").EnumerateArray());
        Assert.All(_api.Upstreams.Requests.Where(r => r.Host.StartsWith("kvk", StringComparison.Ordinal)), r => Assert.Equal("/test/api/v1/basisprofielen/68750110", r.AbsolutePath));
    }

    [Fact]
    public async Task GetCompany_VvEAndShieldedAddress()
    {
        var adviser = await _api.ClientWithKeyAsync("adviser");

        var vve = (await (await adviser.GetAsync("/v1/companies/90000749")).JsonAsync()).GetProperty("profile");
        var shielded = await (await adviser.GetAsync("/v1/companies/90001354")).JsonAsync();

        Assert.Equal("GM0505", vve.GetProperty("municipalityCode").GetString());
        Assert.False(vve.TryGetProperty("legalForm", out _));
        Assert.True(shielded.GetProperty("address").GetProperty("shielded").GetBoolean());
        Assert.False(shielded.GetProperty("profile").TryGetProperty("municipalityCode", out _));
        Assert.Contains("municipalityCode", shielded.GetProperty("warnings")[0].GetString());
    }

    [Fact]
    public async Task GetCompany_NeedsAnAdviserKey_ValidNumber_KnownFirm()
    {
        var publisher = await _api.ClientWithKeyAsync("publisher", "provincie-test");
        var adviser = await _api.ClientWithKeyAsync("adviser");

        await (await _api.CreateClient().GetAsync("/v1/companies/68750110")).ProblemAsync(HttpStatusCode.Unauthorized);
        await (await publisher.GetAsync("/v1/companies/68750110")).ProblemAsync(HttpStatusCode.Forbidden);
        var invalid = await (await adviser.GetAsync("/v1/companies/1234")).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["kvkNumber"], invalid.InvalidParamNames());
        await (await adviser.GetAsync("/v1/companies/12345678")).ProblemAsync(HttpStatusCode.NotFound);
        // Only the well-formed number reached KVK; refused and invalid requests never did.
        Assert.Equal(1, _api.Upstreams.KvkCalls);
    }

    [Fact]
    public async Task SearchCompanies_PagesThroughKvkAndTreatsNoResultsAsEmpty()
    {
        var adviser = await _api.ClientWithKeyAsync("adviser");

        var found = await adviser.GetAsync("/v1/companies?name=test&pageSize=2");
        var none = await (await adviser.GetAsync("/v1/companies?name=niemand")).JsonAsync();

        var body = await found.JsonAsync();
        Assert.Equal(["69599084", "69599068"], body.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("kvkNumber").GetString()));
        Assert.Equal("Lochem", body.GetProperty("items")[1].GetProperty("city").GetString());
        Assert.Equal(3, body.GetProperty("totalItems").GetInt32());
        Assert.Contains("rel=\"next\"", string.Join(",", found.Headers.GetValues("Link")));
        Assert.Equal(0, none.GetProperty("totalItems").GetInt32());
        await (await adviser.GetAsync("/v1/companies")).ProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Cache_ASecondLookupWithinTheWindowDoesNotCallKvk()
    {
        var adviser = await _api.ClientWithKeyAsync("adviser");

        await adviser.GetAsync("/v1/companies/69599084");
        await adviser.GetAsync("/v1/companies/69599084");
        await adviser.PostAsync("/v1/matches", Body("""{ "kvkNumber": "69599084" }"""));
        var callsWithinWindow = _api.Upstreams.KvkCalls;
        var pdokWithinWindow = _api.Upstreams.PdokCalls;
        _api.Time.Advance(TimeSpan.FromHours(25));
        await adviser.GetAsync("/v1/companies/69599084");

        Assert.Equal(1, callsWithinWindow);
        Assert.Equal(1, pdokWithinWindow);
        Assert.Equal(2, _api.Upstreams.KvkCalls);
    }

    [Fact]
    public async Task Cache_SurvivesARestart()
    {
        using var database = TestDatabase.Create();
        string dataPath;
        using (var first = new MatchmakerApiFactory(database: database))
        {
            dataPath = first.DataPath;
            await (await first.ClientWithKeyAsync("adviser")).GetAsync("/v1/companies/69599084");
            Assert.Equal(1, first.Upstreams.KvkCalls);
        }

        using var second = new MatchmakerApiFactory(database: database, dataPath: dataPath);
        var response = await (await second.ClientWithKeyAsync("adviser")).GetAsync("/v1/companies/69599084");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(0, second.Upstreams.KvkCalls);
    }

    [Theory]
    [InlineData(UpstreamMode.ServerError, HttpStatusCode.ServiceUnavailable, true)]
    [InlineData(UpstreamMode.ConnectionRefused, HttpStatusCode.ServiceUnavailable, true)]
    [InlineData(UpstreamMode.Unauthorized, HttpStatusCode.BadGateway, false)]
    [InlineData(UpstreamMode.Slow, HttpStatusCode.GatewayTimeout, true)]
    [InlineData(UpstreamMode.Html, HttpStatusCode.BadGateway, false)]
    [InlineData(UpstreamMode.MalformedJson, HttpStatusCode.BadGateway, false)]
    [InlineData(UpstreamMode.StalledBody, HttpStatusCode.GatewayTimeout, true)]
    public async Task KvkFailure_CompaniesAnswersAProblemWithoutUpstreamText(UpstreamMode mode, HttpStatusCode expected, bool retryAfter)
    {
        var adviser = await _api.ClientWithKeyAsync("adviser");
        _api.Upstreams.Kvk = mode;

        var response = await adviser.GetAsync("/v1/companies/69599084");

        var problem = await response.ProblemAsync(expected);
        Assert.Equal(retryAfter, response.Headers.RetryAfter is not null);
        var text = problem.ToString();
        Assert.DoesNotContain("IPD", text);
        Assert.DoesNotContain("Onderhoud", text);
        Assert.DoesNotContain("apikey", text, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData(UpstreamMode.ServerError)]
    [InlineData(UpstreamMode.ConnectionRefused)]
    [InlineData(UpstreamMode.Unauthorized)]
    [InlineData(UpstreamMode.Slow)]
    [InlineData(UpstreamMode.Html)]
    [InlineData(UpstreamMode.MalformedJson)]
    [InlineData(UpstreamMode.StalledBody)]
    public async Task KvkFailure_MatchStillAnswersFromTheFactsGivenWithAWarning(UpstreamMode mode)
    {
        var adviser = await _api.ClientWithKeyAsync("adviser");
        _api.Upstreams.Kvk = mode;

        var response = await adviser.PostAsync("/v1/matches", Body("""
            { "kvkNumber": "69599084", "company": { "employees": 3, "municipalityCode": "GM0772" }, "need": { "description": "warmtepomp" } }
            """));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.JsonAsync();
        Assert.Contains("KVK", body.GetProperty("warnings")[0].GetString());
        Assert.Equal("input", body.GetProperty("profile").GetProperty("provenance").GetProperty("employees").GetString());
        Assert.Equal("t-eindhoven-energy", body.GetProperty("matches")[0].GetProperty("scheme").GetProperty("id").GetString());
    }

    [Fact]
    public async Task KvkStallsTheBody_504WithinTheBudget_AndTheCircuitOpens()
    {
        var adviser = await _api.ClientWithKeyAsync("adviser");
        // Without one deadline over the body too, this call would hang (the stalled body never ends): the client's
        // timeout turns that into a failure. It is far above the 1 s budget so a busy machine never trips it.
        adviser.Timeout = TimeSpan.FromSeconds(60);
        _api.Upstreams.Kvk = UpstreamMode.StalledBody;

        var first = await adviser.GetAsync("/v1/companies/69599084");

        // A 504 from our deadline, not the client's timeout, after the attempts the pipeline allows.
        await first.ProblemAsync(HttpStatusCode.GatewayTimeout);
        Assert.NotNull(first.Headers.RetryAfter);
        // At most the attempts the pipeline allows; on a busy machine the total budget may cut the last one short.
        Assert.InRange(_api.Upstreams.KvkCalls, 1, 3);

        // Every stalled attempt is a failure for the breaker: it opens after a few calls, each ending in a timeout or in
        // the pause, and after that KVK is left alone.
        HttpResponseMessage? paused = null;
        foreach (var kvkNumber in new[] { "69599068", "68750110", "69599084", "90000749", "90001354" })
        {
            var next = await adviser.GetAsync("/v1/companies/" + kvkNumber);
            Assert.Contains(next.StatusCode, new[] { HttpStatusCode.GatewayTimeout, HttpStatusCode.ServiceUnavailable });
            if (next.StatusCode == HttpStatusCode.ServiceUnavailable)
            {
                paused = next;
                break;
            }
        }

        Assert.NotNull(paused);
        var problem = await paused.ProblemAsync(HttpStatusCode.ServiceUnavailable);
        Assert.Contains("paused", problem.GetProperty("detail").GetString());
        var callsBefore = _api.Upstreams.KvkCalls;
        await (await adviser.GetAsync("/v1/companies/69599068")).ProblemAsync(HttpStatusCode.ServiceUnavailable);
        Assert.Equal(callsBefore, _api.Upstreams.KvkCalls);
    }

    [Fact]
    public async Task KvkKeepsFailing_CircuitOpens_AndKvkIsNoLongerCalled()
    {
        var adviser = await _api.ClientWithKeyAsync("adviser");
        _api.Upstreams.Kvk = UpstreamMode.ServerError;
        for (var i = 0; i < 4; i++)
        {
            await adviser.GetAsync($"/v1/companies/6959908{i}");
        }

        var callsBefore = _api.Upstreams.KvkCalls;
        var response = await adviser.GetAsync("/v1/companies/69599084");
        var match = await adviser.PostAsync("/v1/matches", Body("""{ "kvkNumber": "69599084", "company": { "employees": 3 } }"""));

        await response.ProblemAsync(HttpStatusCode.ServiceUnavailable);
        Assert.Equal(callsBefore, _api.Upstreams.KvkCalls);
        Assert.Equal(HttpStatusCode.OK, match.StatusCode);
        // The match speaks Dutch by default, and so does the reason inside its warning.
        Assert.Contains("gepauzeerd", (await match.JsonAsync()).GetProperty("warnings")[0].GetString());
    }

    [Fact]
    public async Task Match_WithKvkNumber_UsesKvkFacts_ButInputWins()
    {
        var adviser = await _api.ClientWithKeyAsync("adviser");

        var body = await (await adviser.PostAsync("/v1/matches", Body("""
            { "kvkNumber": "68750110", "company": { "employees": 60 }, "need": { "themes": ["startup"] }, "includeIneligible": true }
            """))).JsonAsync();

        var profile = body.GetProperty("profile");
        Assert.Equal(60, profile.GetProperty("employees").GetInt32());
        Assert.Equal("input", profile.GetProperty("provenance").GetProperty("employees").GetString());
        Assert.Equal("bv", profile.GetProperty("legalForm").GetString());
        Assert.Equal("kvk", profile.GetProperty("provenance").GetProperty("legalForm").GetString());
        Assert.Equal("PV21", profile.GetProperty("provinceCode").GetString());
        Assert.Equal(0, body.GetProperty("warnings").GetArrayLength());
        Assert.Contains(body.GetProperty("excluded").EnumerateArray(), e => e.GetProperty("scheme").GetProperty("id").GetString() == "t-amsterdam-start");
    }

    [Fact]
    public async Task Match_WithKvkNumberButNoAdviserKey_Is401WithAnExplanation()
    {
        var problem = await (await _api.CreateClient().PostAsync("/v1/matches", Body("""{ "kvkNumber": "68750110" }"""))).ProblemAsync(HttpStatusCode.Unauthorized);
        var publisher = await _api.ClientWithKeyAsync("publisher", "provincie-test");

        Assert.Contains("adviser key", problem.GetProperty("detail").GetString());
        await (await publisher.PostAsync("/v1/matches", Body("""{ "kvkNumber": "68750110" }"""))).ProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal(0, _api.Upstreams.KvkCalls);
    }

    [Fact]
    public async Task Match_WithPostcode_ResolvesTheMunicipalityThroughPdokForAnyone()
    {
        var body = await (await _api.CreateClient().PostAsync("/v1/matches", Body("""
            { "company": { "postcode": "5611 ab" }, "need": { "description": "warmtepomp" } }
            """))).JsonAsync();

        var profile = body.GetProperty("profile");
        Assert.Equal("GM0772", profile.GetProperty("municipalityCode").GetString());
        Assert.Equal("pdok", profile.GetProperty("provenance").GetProperty("municipalityCode").GetString());
        Assert.Equal("eligible", body.GetProperty("matches")[0].GetProperty("eligibility").GetString());
    }

    [Fact]
    public async Task Match_PdokDown_AnswersWithAWarning()
    {
        _api.Upstreams.Pdok = UpstreamMode.ServerError;

        var body = await (await _api.CreateClient().PostAsync("/v1/matches", Body("""{ "company": { "postcode": "5611AB" } }"""))).JsonAsync();

        Assert.False(body.GetProperty("profile").TryGetProperty("municipalityCode", out _));
        Assert.Contains("postcode", body.GetProperty("warnings")[0].GetString());
    }

    [Fact]
    public async Task Match_PdokStallsTheBody_AnswersWithinTheBudgetWithAWarning()
    {
        _api.Upstreams.Pdok = UpstreamMode.StalledBody;
        var client = _api.CreateClient();
        // The stalled body never ends: only the service's own deadline can answer before this client gives up.
        client.Timeout = TimeSpan.FromSeconds(60);

        var response = await client.PostAsync("/v1/matches", Body("""{ "company": { "postcode": "5611AB" } }"""));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.JsonAsync();
        Assert.False(body.GetProperty("profile").TryGetProperty("municipalityCode", out _));
        Assert.Contains("postcode", body.GetProperty("warnings")[0].GetString());
    }
}
