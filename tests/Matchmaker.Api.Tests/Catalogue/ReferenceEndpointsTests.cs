using System.Text.Json;

namespace Matchmaker.Api.Tests.Catalogue;

public sealed class ReferenceEndpointsTests(FixtureApi api) : IClassFixture<FixtureApi>
{
    private readonly HttpClient _client = api.Factory.CreateClient();

    [Fact]
    public async Task ListProviders_ReturnsProvidersWithSchemeCounts()
    {
        var page = await (await _client.GetAsync("/v1/providers")).JsonAsync();
        Assert.Equal(["gemeente-test", "provincie-test", "test-national"], page.Ids());
        Assert.Equal(5, page.GetProperty("items")[2].GetProperty("schemeCount").GetInt32());
    }

    [Theory]
    [InlineData("/v1/providers?page=3&pageSize=100")]
    [InlineData("/v1/providers?page=2&pageSize=500")]
    [InlineData("/v1/schemes?page=300&pageSize=100")]
    public async Task ListPastTheLastPage_Returns200WithNoItems(string url)
    {
        // Like /v1/schemes: a page past the end is an empty page, with first/prev/last links, never an error.
        var response = await _client.GetAsync(url);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.JsonAsync();
        Assert.Empty(page.GetProperty("items").EnumerateArray());
        Assert.Equal(1, page.GetProperty("totalPages").GetInt32());
        Assert.Contains("rel=\"last\"", string.Join(",", response.Headers.GetValues("Link")));
    }

    [Fact]
    public async Task GetProvider_KnownAndUnknown()
    {
        var provider = await (await _client.GetAsync("/v1/providers/provincie-test")).JsonAsync();
        Assert.Equal("province", provider.GetProperty("kind").GetString());
        Assert.Equal("PV30", provider.GetProperty("areaCode").GetString());
        await (await _client.GetAsync("/v1/providers/nobody")).ProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task ListProvinces_ReturnsTwelveInCodeOrder()
    {
        var list = await (await _client.GetAsync("/v1/provinces")).JsonAsync();
        var codes = list.GetProperty("items").EnumerateArray().Select(p => p.GetProperty("code").GetString()).ToList();
        Assert.Equal(Enumerable.Range(20, 12).Select(n => $"PV{n}"), codes);
    }

    [Fact]
    public async Task ListMunicipalities_PagesThroughAll342AndFiltersByProvince()
    {
        var all = await (await _client.GetAsync("/v1/municipalities?pageSize=500")).JsonAsync();
        Assert.Equal(342, all.GetProperty("totalItems").GetInt32());
        var flevoland = await (await _client.GetAsync("/v1/municipalities?province=PV24")).JsonAsync();
        Assert.Equal(6, flevoland.GetProperty("totalItems").GetInt32());
        Assert.Contains(flevoland.GetProperty("items").EnumerateArray(), m => m.GetProperty("code").GetString() == "GM0034");
    }

    [Fact]
    public async Task GetMunicipality_KnownAndUnknown()
    {
        var eindhoven = await (await _client.GetAsync("/v1/municipalities/GM0772")).JsonAsync();
        Assert.Equal("Eindhoven", eindhoven.GetProperty("name").GetString());
        Assert.Equal("PV30", eindhoven.GetProperty("provinceCode").GetString());
        await (await _client.GetAsync("/v1/municipalities/GM9999")).ProblemAsync(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("themes", "innovation")]
    [InlineData("phases", "feasibility")]
    [InlineData("instruments", "tax-benefit")]
    [InlineData("levels", "municipal")]
    [InlineData("legal-forms", "eenmanszaak")]
    [InlineData("size-classes", "micro")]
    public async Task GetVocabulary_ReturnsCodesWithDutchAndEnglishLabels(string vocabulary, string code)
    {
        var list = await (await _client.GetAsync($"/v1/vocabularies/{vocabulary}")).JsonAsync();
        var term = list.GetProperty("items").EnumerateArray().Single(t => t.GetProperty("code").GetString() == code);
        Assert.False(string.IsNullOrEmpty(term.GetProperty("label").GetProperty("nl").GetString()));
        Assert.False(string.IsNullOrEmpty(term.GetProperty("label").GetProperty("en").GetString()));
    }

    [Fact]
    public async Task GetVocabulary_Facts_NameTheirExclusiveGroup()
    {
        var list = await (await _client.GetAsync("/v1/vocabularies/facts")).JsonAsync();
        var facts = list.GetProperty("items").EnumerateArray().ToDictionary(t => t.GetProperty("code").GetString()!);

        Assert.Equal("sectorAgreement", facts["coveredByCaoAfbouw"].GetProperty("exclusiveGroup").GetString());
        Assert.False(facts["paysProfitTax"].TryGetProperty("exclusiveGroup", out var none) && none.ValueKind != JsonValueKind.Null);
    }

    [Fact]
    public async Task GetVocabulary_Unknown_Returns404Problem() =>
        await (await _client.GetAsync("/v1/vocabularies/colours")).ProblemAsync(HttpStatusCode.NotFound);

    [Fact]
    public async Task Health_LiveAndReady_AreHealthy()
    {
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync("/health/live")).StatusCode);
        var ready = await _client.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("healthy", (await ready.JsonAsync()).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Docs_ServesSwaggerUi()
    {
        var response = await _client.GetAsync("/docs/index.html");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("swagger", await response.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }
}
