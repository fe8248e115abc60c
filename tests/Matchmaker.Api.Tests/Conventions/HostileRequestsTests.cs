using System.Text;
using Matchmaker.Api.Tests.Catalogue;

namespace Matchmaker.Api.Tests.Conventions;

// Malformed and hostile requests: every one gets a 4xx problem+json answer, never a 5xx, and nothing changes.
// (Search text with operators is harmless and may answer 200; ErrorConventionsTests covers those.)
public sealed class HostileRequestsTests(FixtureApi api) : IClassFixture<FixtureApi>
{
    private const string Scheme = """{"id":"t-x","title":{"nl":"x"},"summary":{"nl":"y"},"provider":"provincie-test","level":"provincial","instrument":"subsidy","themes":["innovation"],"phases":["idea"],"areas":["PV30"],"url":"https://e.org/a","sourceUrl":"https://e.org/a","lastVerifiedOn":"2026-11-20"}""";

    public static TheoryData<string, string, string?, string?, bool> Requests()
    {
        var big = "{\"need\":{\"description\":\"" + new string('a', 5 * 1024 * 1024) + "\"}}";
        var bigImport = "{\"schemes\":[" + string.Join(",", Enumerable.Repeat(Scheme, 1)) + "]," + "\"pad\":\"" + new string('x', 51 * 1024 * 1024) + "\"}";
        return new()
        {
            // method, path, content type, body, with admin key
            { "POST", "/v1/matches", "application/json", "{", false },
            { "POST", "/v1/matches", "application/json", "{\"need\":", false },
            { "POST", "/v1/matches", "application/json", "not json at all", false },
            { "POST", "/v1/matches", "application/json", "{\"need\":{\"description\":42}}", false },
            { "POST", "/v1/matches", "application/json", "{\"company\":{\"employees\":\"many\"}}", false },
            { "POST", "/v1/matches", "application/json", "{\"company\":{\"employees\":1e400}}", false },
            { "POST", "/v1/matches", "application/json", "{\"company\":{\"annualTurnoverEur\":123456789012345678901234567890}}", false },
            { "POST", "/v1/matches", "application/json", "{\"company\":{\"employees\":-5}}", false },
            { "POST", "/v1/matches", "application/json", "{\"limit\":1000000}", false },
            { "POST", "/v1/matches", "application/json", "{\"asOf\":\"yesterday\"}", false },
            { "POST", "/v1/matches", "application/json", "{\"need\":{\"description\":\"a\\u0000b\"}}", false },
            { "POST", "/v1/matches", "application/json", "{\"need\":{\"themes\":[1,2,3]}}", false },
            { "POST", "/v1/matches", "application/json", "{\"company\":{\"municipalityCode\":\"GM0363' OR 1=1 --\"}}", false },
            { "POST", "/v1/matches", "application/json", "{\"company\":{\"sbiCodes\":[\"62.01; DROP TABLE schemes\"]}}", false },
            { "POST", "/v1/matches", "application/json", "{\"evil\":true,\"__proto__\":{}}", false },
            { "POST", "/v1/matches", "application/json", new string('[', 5000) + new string(']', 5000), false },
            { "POST", "/v1/matches", "application/json", big, false },
            { "POST", "/v1/matches", "text/plain", "{}", false },
            { "POST", "/v1/matches", "application/xml", "<match/>", false },
            { "POST", "/v1/matches", "application/x-www-form-urlencoded", "need=x", false },
            { "POST", "/v1/matches", null, null, false },
            { "GET", "/v1/matches?employees=abc", null, null, false },
            { "GET", "/v1/matches?employees=99999999999999999999", null, null, false },
            { "GET", "/v1/matches?description=%00", null, null, false },
            { "GET", "/v1/matches?municipalityCode=GM0363%27%20OR%201%3D1", null, null, false },
            { "GET", "/v1/matches?limit=0&limit=5", null, null, false },
            { "GET", "/v1/matches?unknownKey=1", null, null, false },
            { "GET", "/v1/schemes?search=%22%22%22%20%2A%20%28%29", null, null, false },
            { "GET", "/v1/schemes?search=" + new string('x', 300), null, null, false },
            { "GET", "/v1/schemes?search=*", null, null, false },
            { "GET", "/v1/schemes?level=national%27;DROP%20TABLE%20schemes;--", null, null, false },
            { "GET", "/v1/schemes?page=-1", null, null, false },
            { "GET", "/v1/schemes?pageSize=1e9", null, null, false },
            { "GET", "/v1/schemes?province=PV3%00", null, null, false },
            { "GET", "/v1/schemes?" + string.Join("&", Enumerable.Range(0, 200).Select(i => $"k{i}=v")), null, null, false },
            { "GET", "/v1/schemes/" + new string('a', 3000), null, null, false },
            { "GET", "/v1/schemes/..%2F..%2Fetc%2Fpasswd", null, null, false },
            { "GET", "/v1/municipalities/GM0363%27", null, null, false },
            { "PATCH", "/v1/schemes/t-advice", "application/json", "{}", true },
            { "PUT", "/v1/provinces", "application/json", "{}", false },
            { "POST", "/v1/schemes", "application/json", Scheme, false },
            { "POST", "/v1/schemes", "application/json", "{", true },
            { "POST", "/v1/schemes", "application/json", "[]", true },
            { "POST", "/v1/schemes", "application/json", "{\"id\":null}", true },
            { "POST", "/v1/schemes", "text/csv", "id,title", true },
            { "POST", "/v1/schemes", "application/json", Scheme.Replace("\"provincial\"", "\"provincial\\u0000\"", StringComparison.Ordinal), true },
            { "POST", "/v1/schemes", "application/json", Scheme.Replace("2026-11-20", "2026-99-99", StringComparison.Ordinal), true },
            { "POST", "/v1/schemes", "application/json", Scheme.Replace("\"PV30\"", "\"'; DELETE FROM schemes; --\"", StringComparison.Ordinal), true },
            { "POST", "/v1/schemes", "application/json", Scheme.Replace("}", ",\"extra\":{\"a\":1}}", StringComparison.Ordinal), true },
            { "POST", "/v1/schemes", "application/json", Scheme.Replace("\"t-x\"", "\"t-advice\"", StringComparison.Ordinal).Replace("provincie-test", "test-national", StringComparison.Ordinal), true },
            { "POST", "/v1/schemes", "application/json", "{\"id\":\"" + new string('x', 300_000) + "\"}", true },
            { "PUT", "/v1/schemes/t-advice", "application/json", Scheme, true },
            { "PUT", "/v1/schemes/does-not-exist", "application/json", Scheme, true },
            { "DELETE", "/v1/schemes/does-not-exist", null, null, true },
            { "POST", "/v1/imports", "application/json", "[]", true },
            { "POST", "/v1/imports", "application/json", "42", true },
            { "POST", "/v1/imports", "application/json", "{\"schemes\":\"all\"}", true },
            { "POST", "/v1/imports", "application/json", "{\"schemes\":[1,\"two\",null]}", true },
            { "POST", "/v1/imports", "application/json", "{\"schemes\":[],\"extra\":1}", true },
            { "POST", "/v1/imports?dryRun=maybe", "application/json", "{\"schemes\":[]}", true },
            { "POST", "/v1/imports", "application/json", bigImport, true },
            { "POST", "/v1/imports", "application/json", "{\"schemes\":[]}", false },
        };
    }

    [Theory]
    [MemberData(nameof(Requests))]
    public async Task HostileRequest_Answers4xxProblemNever5xx(string method, string path, string? contentType, string? body, bool withAdminKey)
    {
        // Arrange
        var client = withAdminKey ? await api.Factory.ClientWithKeyAsync("admin") : api.Factory.CreateClient();
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.ContentType = contentType is null ? null : new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        }

        // Act
        var response = await client.SendAsync(request);

        // Assert
        var status = (int)response.StatusCode;
        Assert.True(status is >= 400 and < 500, $"{method} {path[..Math.Min(path.Length, 80)]} answered {status}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.JsonAsync();
        Assert.Equal(status, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("detail").GetString()));
        Assert.DoesNotContain("Exception", problem.ToString());
    }

    [Fact]
    public async Task HostileRequests_LeaveTheCatalogueUnchanged()
    {
        foreach (var row in Requests())
        {
            await HostileRequest_Answers4xxProblemNever5xx((string)row[0], (string)row[1], (string?)row[2], (string?)row[3], (bool)row[4]);
        }

        var page = await (await api.Factory.CreateClient().GetAsync("/v1/schemes?pageSize=100")).JsonAsync();
        Assert.Equal(9, page.GetProperty("totalItems").GetInt32());
        Assert.All(page.GetProperty("items").EnumerateArray(), s => Assert.Equal(1, s.GetProperty("version").GetInt32()));
    }
}
