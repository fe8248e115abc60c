using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;

namespace Matchmaker.Api.Tests.Catalogue;

public sealed class SchemeEndpointsTests : IClassFixture<FixtureApi>
{
    private readonly HttpClient _client;
    private readonly FixtureApi _api;

    public SchemeEndpointsTests(FixtureApi api)
    {
        _api = api;
        _client = api.Factory.CreateClient();
    }

    // The list writes each scheme from JSON rendered once a day; it must be byte for byte what the serializer writes.
    [Theory]
    [InlineData("pageSize=100")]
    [InlineData("search=energie&pageSize=2&page=2")]
    [InlineData("status=expected")]
    public async Task ListSchemes_Body_IsWhatTheSerializerWritesForThePage(string query)
    {
        // Act
        var response = await _client.GetAsync("/v1/schemes?" + query);
        var again = await _client.GetAsync("/v1/schemes?" + query);

        // Assert
        var body = await response.Content.ReadAsStringAsync();
        var options = _api.Factory.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
        var page = JsonSerializer.Deserialize<Matchmaker.Api.Http.PagedList<Matchmaker.Api.Catalogue.SchemeResponse>>(body, options)!;
        Assert.Equal(JsonSerializer.Serialize(page, options), body);
        Assert.Equal(body, await again.Content.ReadAsStringAsync());
        Assert.Equal("application/json; charset=utf-8", response.Content.Headers.ContentType!.ToString());
        Assert.Equal(System.Text.Encoding.UTF8.GetByteCount(body), response.Content.Headers.ContentLength);
    }

    [Fact]
    public async Task ListSchemes_NoFilter_ListsAllButArchivedWithPagingFields()
    {
        // Act
        var response = await _client.GetAsync("/v1/schemes?pageSize=100");

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.JsonAsync();
        Assert.Equal(9, page.GetProperty("totalItems").GetInt32());
        Assert.Equal(1, page.GetProperty("page").GetInt32());
        Assert.Equal(9, page.Ids().Count);
        var first = page.GetProperty("items")[0];
        Assert.Equal(JsonValueKind.Object, first.GetProperty("provider").ValueKind);
        Assert.False(string.IsNullOrEmpty(first.GetProperty("provider").GetProperty("name").GetString()));
    }

    [Theory]
    [InlineData("level=municipal", new[] { "t-amsterdam-start", "t-eindhoven-energy" })]
    [InlineData("instrument=loan", new[] { "t-amsterdam-start", "t-limburg-fund", "t-upcoming-loan" })]
    [InlineData("theme=energy", new[] { "t-eindhoven-energy", "t-open-subsidy" })]
    [InlineData("provider=provincie-test", new[] { "t-brabant-fund", "t-limburg-fund" })]
    [InlineData("province=PV31", new[] { "t-advice", "t-closed-voucher", "t-ended-guarantee", "t-limburg-fund", "t-open-subsidy", "t-upcoming-loan" })]
    [InlineData("province=PV30", new[] { "t-advice", "t-brabant-fund", "t-closed-voucher", "t-eindhoven-energy", "t-ended-guarantee", "t-open-subsidy", "t-upcoming-loan" })]
    [InlineData("municipality=GM0772", new[] { "t-advice", "t-brabant-fund", "t-closed-voucher", "t-eindhoven-energy", "t-ended-guarantee", "t-open-subsidy", "t-upcoming-loan" })]
    [InlineData("municipality=GM0363", new[] { "t-advice", "t-amsterdam-start", "t-closed-voucher", "t-ended-guarantee", "t-open-subsidy", "t-upcoming-loan" })]
    [InlineData("status=open", new[] { "t-advice", "t-amsterdam-start", "t-brabant-fund", "t-eindhoven-energy", "t-open-subsidy" })]
    [InlineData("status=upcoming", new[] { "t-upcoming-loan" })]
    [InlineData("status=closed", new[] { "t-closed-voucher" })]
    [InlineData("status=expected", new[] { "t-limburg-fund" })]
    [InlineData("status=ended", new[] { "t-ended-guarantee" })]
    [InlineData("search=zonnepanelen", new[] { "t-open-subsidy" })]
    [InlineData("search=solar", new[] { "t-open-subsidy" })]
    [InlineData("search=warmtep", new[] { "t-eindhoven-energy" })]
    [InlineData("search=Duitsland export", new[] { "t-closed-voucher" })]
    [InlineData("search=prototype&instrument=loan", new[] { "t-upcoming-loan" })]
    [InlineData("level=national&theme=export&status=closed", new[] { "t-closed-voucher" })]
    public async Task ListSchemes_Filter_ReturnsExactlyTheMatchingSchemes(string query, string[] expected)
    {
        // Act
        var response = await _client.GetAsync("/v1/schemes?pageSize=100&" + query);

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var ids = (await response.JsonAsync()).Ids().Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(expected.Order(StringComparer.Ordinal).ToArray(), ids);
    }

    [Fact]
    public async Task ListSchemes_StatusInListMatchesStatusFilter()
    {
        foreach (var status in new[] { "open", "upcoming", "closed", "ended" })
        {
            var page = await (await _client.GetAsync($"/v1/schemes?pageSize=100&status={status}")).JsonAsync();
            Assert.All(page.GetProperty("items").EnumerateArray(), i => Assert.Equal(status, i.GetProperty("status").GetString()));
        }
    }

    [Fact]
    public async Task ListSchemes_Paging_ReturnsPagesAndLinkHeader()
    {
        // Act
        var response = await _client.GetAsync("/v1/schemes?pageSize=4&page=2&level=national");

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.JsonAsync();
        Assert.Single(page.Ids());
        Assert.Equal(2, page.GetProperty("totalPages").GetInt32());
        var link = string.Join(",", response.Headers.GetValues("Link"));
        Assert.Contains("rel=\"first\"", link);
        Assert.Contains("rel=\"prev\"", link);
        Assert.Contains("rel=\"last\"", link);
        Assert.DoesNotContain("rel=\"next\"", link);
        Assert.Contains("level=national", link);
        Assert.Contains("page=1&pageSize=4", link);
    }

    [Theory]
    [InlineData("/v1/schemes?pageSize=4&level=national")]
    [InlineData("/v1/providers?pageSize=1")]
    [InlineData("/v1/municipalities?pageSize=10")]
    public async Task Paging_LinksAreRelative_NeverTheHostHeader(string url)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Host = "evil.example";

        var response = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var links = string.Join(",", response.Headers.GetValues("Link"));
        Assert.DoesNotContain("evil.example", links);
        Assert.DoesNotContain("://", links);
        var path = url[..url.IndexOf('?')];
        Assert.All(links.Split(", "), l => Assert.StartsWith($"<{path}?", l));
    }

    [Fact]
    public async Task ListSchemes_PagesTogether_CoverEverySchemeOnce()
    {
        var seen = new List<string>();
        for (var p = 1; p <= 3; p++)
        {
            seen.AddRange((await (await _client.GetAsync($"/v1/schemes?pageSize=4&page={p}")).JsonAsync()).Ids());
        }

        Assert.Equal(9, seen.Count);
        Assert.Equal(9, seen.Distinct().Count());
    }

    [Fact]
    public async Task GetScheme_Known_ReturnsEveryFieldWithETag()
    {
        // Act
        var response = await _client.GetAsync("/v1/schemes/t-eindhoven-energy");

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotNull(response.Headers.ETag);
        var scheme = await response.JsonAsync();
        Assert.Equal("GM0772", scheme.GetProperty("areas")[0].GetString());
        Assert.Equal("open", scheme.GetProperty("status").GetString());
        Assert.Equal("2026-12-10", scheme.GetProperty("nextDeadline").GetString());
        Assert.Equal("Test municipality Eindhoven", scheme.GetProperty("provider").GetProperty("name").GetString());
        Assert.Equal(1, scheme.GetProperty("version").GetInt32());
        Assert.Equal("2026-11-01", scheme.GetProperty("lastVerifiedOn").GetString());
    }

    [Fact]
    public async Task GetScheme_IfNoneMatchCurrentETag_Returns304()
    {
        var first = await _client.GetAsync("/v1/schemes/t-advice");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/schemes/t-advice");
        request.Headers.IfNoneMatch.Add(first.Headers.ETag!);

        var second = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
    }

    [Fact]
    public async Task GetScheme_Unknown_Returns404Problem()
    {
        var problem = await (await _client.GetAsync("/v1/schemes/does-not-exist")).ProblemAsync(HttpStatusCode.NotFound);
        Assert.Contains("does-not-exist", problem.GetProperty("detail").GetString());
    }
}

public sealed class FixtureApi : IDisposable
{
    public MatchmakerApiFactory Factory { get; } = new();

    public void Dispose() => Factory.Dispose();
}
