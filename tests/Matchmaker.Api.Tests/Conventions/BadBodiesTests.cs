using System.Net.Http.Headers;
using System.Text;
using Matchmaker.Api.Tests.Catalogue;

namespace Matchmaker.Api.Tests.Conventions;

// Bodies that parse as JSON for some readers but are not what they seem: each is one 400 that names the field.
public sealed class BadBodiesTests(FixtureApi api) : IClassFixture<FixtureApi>
{
    private const string Scheme = """{"id":"t-bad","title":{"nl":"x"},"summary":{"nl":"y"},"provider":"provincie-test","level":"provincial","instrument":"subsidy","themes":["innovation"],"phases":["idea"],"areas":["PV30"],"url":"https://e.org/a","sourceUrl":"https://e.org/a","lastVerifiedOn":"2026-11-20"%EXTRA%}""";

    public static TheoryData<string, byte[], string> Bodies() => new()
    {
        { "/v1/matches", [.. "{\"need\":{\"description\":\""u8, 0xC3, 0x28, .. "\"}}"u8], "need.description" },
        { "/v1/matches", Encoding.UTF8.GetBytes("{\"company\":{\"employees\":1e400}}"), "company.employees" },
        { "/v1/matches", Encoding.UTF8.GetBytes("{\"need\":{\"description\":\"a\\ud800b\"}}"), "need.description" },
        { "/v1/matches", Encoding.UTF8.GetBytes("{\"limit\":5,\"limit\":50}"), "limit" },
        { "/v1/matches", Encoding.UTF8.GetBytes("{\"company\":{\"employees\":99999999999999999999}}"), "company.employees" },
        { "/v1/matches", Encoding.UTF8.GetBytes("{\"need\":{\"themes\":[\"innovation\",null]}}"), "need.themes[1]" },
        { "/v1/matches", Encoding.UTF8.GetBytes("{\"company\":{\"facts\":{\"paysProfitTax\":\"yes\"}}}"), "company.facts.paysProfitTax" },
        { "/v1/schemes", Encoding.UTF8.GetBytes(Scheme.Replace("%EXTRA%", ",\"funding\":{\"maxAmountEur\":100000000000000000000000000000}", StringComparison.Ordinal)), "funding.maxAmountEur" },
        { "/v1/schemes", Encoding.UTF8.GetBytes(Scheme.Replace("%EXTRA%", ",\"themes\":[\"energy\"]", StringComparison.Ordinal)), "themes" },
        { "/v1/schemes", Encoding.UTF8.GetBytes(Scheme.Replace("%EXTRA%", ",\"phases\":[null]", StringComparison.Ordinal).Replace("\"phases\":[\"idea\"],", "", StringComparison.Ordinal)), "phases[0]" },
    };

    [Theory]
    [MemberData(nameof(Bodies))]
    public async Task BadBody_IsOne400ThatNamesTheField(string path, byte[] body, string field)
    {
        var client = path == "/v1/schemes" ? await api.Factory.ClientWithKeyAsync("admin") : api.Factory.CreateClient();
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        var response = await client.PostAsync(path, content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var names = (await response.JsonAsync()).GetProperty("invalidParams").EnumerateArray().Select(p => p.GetProperty("name").GetString()).ToList();
        Assert.Contains(field, names);
    }
}
