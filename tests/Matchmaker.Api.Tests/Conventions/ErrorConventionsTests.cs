using Matchmaker.Api.Tests.Catalogue;

namespace Matchmaker.Api.Tests.Conventions;

public sealed class ErrorConventionsTests(FixtureApi api) : IClassFixture<FixtureApi>
{
    private readonly HttpClient _client = api.Factory.CreateClient();

    [Fact]
    public async Task UnknownRoute_Returns404Problem() =>
        await (await _client.GetAsync("/v1/nothing-here")).ProblemAsync(HttpStatusCode.NotFound);

    [Theory]
    [InlineData("/v1/schemes/")]
    [InlineData("/v1/schemes/wbso/")]
    [InlineData("/health/live/")]
    public async Task TrailingSlash_Returns404Problem(string path) =>
        await (await _client.GetAsync(path)).ProblemAsync(HttpStatusCode.NotFound);

    [Fact]
    public async Task WrongMethod_Returns405ProblemWithAllow()
    {
        var response = await _client.DeleteAsync("/v1/provinces");
        await response.ProblemAsync(HttpStatusCode.MethodNotAllowed);
        Assert.Contains("GET", response.Content.Headers.Allow.Concat(response.Headers.TryGetValues("Allow", out var v) ? v : []));
    }

    [Theory]
    [InlineData("TRACE", "/v1/openapi.json")]
    [InlineData("PUT", "/v1/openapi.json")]
    [InlineData("TRACE", "/docs/index.html")]
    [InlineData("TRACE", "/v1/schemes")]
    [InlineData("TRACE", "/v1/schemes/t-advice")]
    [InlineData("FOO", "/v1/provinces")]
    [InlineData("POST", "/health/live")]
    [InlineData("DELETE", "/health/ready")]
    [InlineData("TRACE", "/")]
    public async Task UnknownOrWrongMethod_OnAnExistingPath_Returns405ProblemWithAllow(string method, string path)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);

        var response = await _client.SendAsync(request);

        await response.ProblemAsync(HttpStatusCode.MethodNotAllowed);
        var allow = response.Content.Headers.Allow.ToList();
        Assert.Contains("GET", allow);
        Assert.Contains("HEAD", allow);
        Assert.DoesNotContain(method, allow);
    }

    [Theory]
    [InlineData("/v1/schemes?pageSize=2")]
    [InlineData("/v1/schemes/t-advice")]
    [InlineData("/v1/providers")]
    [InlineData("/v1/provinces")]
    [InlineData("/v1/municipalities/GM0363")]
    [InlineData("/v1/vocabularies/themes")]
    [InlineData("/v1/matches?description=warmtepomp")]
    [InlineData("/v1/openapi.json")]
    [InlineData("/docs/index.html")]
    [InlineData("/health/live")]
    [InlineData("/")]
    [InlineData("/widget/matchmaker.js")]
    [InlineData("/v1/nothing-here")]
    public async Task Head_OnEveryGetResource_SameStatusAndHeaders_NoBody(string path)
    {
        var get = await _client.GetAsync(path);
        using var request = new HttpRequestMessage(HttpMethod.Head, path);

        var head = await _client.SendAsync(request);

        Assert.Equal(get.StatusCode, head.StatusCode);
        Assert.Empty(await head.Content.ReadAsByteArrayAsync());
        Assert.NotEmpty(await get.Content.ReadAsByteArrayAsync());
        Assert.Equal(get.Content.Headers.ContentType, head.Content.Headers.ContentType);
        foreach (var name in new[] { "API-Version", "ETag", "Link", "Cache-Control", "Access-Control-Allow-Origin" })
        {
            Assert.Equal(get.Headers.TryGetValues(name, out var g) ? string.Join(",", g) : null,
                head.Headers.TryGetValues(name, out var h) ? string.Join(",", h) : null);
        }
    }

    [Fact]
    public async Task Head_WithIfNoneMatch_Is304_AndItsCorsPreflightIsAllowed()
    {
        var etag = (await _client.GetAsync("/v1/schemes/t-advice")).Headers.ETag!;
        using var conditional = new HttpRequestMessage(HttpMethod.Head, "/v1/schemes/t-advice");
        conditional.Headers.IfNoneMatch.Add(etag);
        using var preflight = new HttpRequestMessage(HttpMethod.Options, "/v1/schemes/t-advice");
        preflight.Headers.Add("Origin", "https://www.gemeente.example");
        preflight.Headers.Add("Access-Control-Request-Method", "HEAD");
        preflight.Headers.Add("Access-Control-Request-Headers", "if-none-match");

        var notModified = await _client.SendAsync(conditional);
        var allowed = await _client.SendAsync(preflight);

        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, allowed.StatusCode);
        Assert.Contains("HEAD", allowed.Headers.GetValues("Access-Control-Allow-Methods").Single());
        Assert.Equal("*", allowed.Headers.GetValues("Access-Control-Allow-Origin").Single());
    }

    [Fact]
    public async Task SeveralInvalidParameters_OneProblemListsEveryOne()
    {
        // Act
        var response = await _client.GetAsync("/v1/schemes?level=galactic&pageSize=1000&page=zero&province=PV99&municipality=GM99999&colour=red&status=maybe");

        // Assert
        var problem = await response.ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(
            new[] { "colour", "level", "municipality", "page", "pageSize", "province", "status" },
            problem.InvalidParamNames().Order(StringComparer.Ordinal));
        var level = problem.GetProperty("invalidParams").EnumerateArray().Single(p => p.GetProperty("name").GetString() == "level");
        Assert.Contains("national", level.GetProperty("reason").GetString());
    }

    [Theory]
    [InlineData("/v1/provinces?page=1")]
    [InlineData("/v1/schemes/t-advice?expand=all")]
    [InlineData("/v1/schemes?level=national&level=eu")]
    [InlineData("/v1/schemes?search=")]
    [InlineData("/v1/schemes?pageSize=99999999999999999999")]
    public async Task UnknownRepeatedOrEmptyQueryParameters_Return400(string url)
    {
        var problem = await (await _client.GetAsync(url)).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotEmpty(problem.InvalidParamNames());
    }

    [Theory]
    [InlineData("\"")]
    [InlineData("'")]
    [InlineData("zonne\" OR \"x")]
    [InlineData("NEAR(zonne panelen)")]
    [InlineData("*")]
    [InlineData("zonne*")]
    [InlineData("a AND OR NOT b")]
    [InlineData("title:zonne")]
    [InlineData("^zonne")]
    [InlineData("(((")]
    [InlineData("'; DROP TABLE schemes; --")]
    [InlineData("%00")]
    [InlineData("zonne%00panelen")]
    [InlineData("%E2%80%AE")]
    [InlineData("{col}:x")]
    [InlineData("-zonne")]
    public async Task HostileSearch_Answers200Or400NeverServerError(string search)
    {
        var response = await _client.GetAsync("/v1/schemes?search=" + (search.Contains('%') ? search : Uri.EscapeDataString(search)));

        Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.BadRequest, $"{search}: {response.StatusCode}");
        if (response.StatusCode == HttpStatusCode.BadRequest)
        {
            await response.ProblemAsync(HttpStatusCode.BadRequest);
        }
    }

    [Fact]
    public async Task HostileSearch_DoesNotChangeTheCatalogue()
    {
        await _client.GetAsync("/v1/schemes?search=" + Uri.EscapeDataString("'; DELETE FROM schemes; --"));
        var page = await (await _client.GetAsync("/v1/schemes?pageSize=100")).JsonAsync();
        Assert.Equal(9, page.GetProperty("totalItems").GetInt32());
    }

    [Theory]
    [InlineData("/v1/schemes")]
    [InlineData("/v1/schemes/t-advice")]
    [InlineData("/v1/nothing")]
    [InlineData("/v1/schemes?level=x")]
    [InlineData("/health/live")]
    [InlineData("/v1/openapi.json")]
    public async Task EveryResponse_CarriesApiVersionAndSecurityHeaders(string url)
    {
        var response = await _client.GetAsync(url);

        Assert.Equal("1.0.0", response.Headers.GetValues("API-Version").Single());
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Contains("frame-ancestors 'none'", response.Headers.GetValues("Content-Security-Policy").Single());
        Assert.True(response.Headers.Contains("Strict-Transport-Security"));
        Assert.False(response.Headers.Contains("Server"));
    }

    [Fact]
    public async Task Cors_AnonymousReadsAreOpenWithoutCredentials()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/schemes");
        request.Headers.Add("Origin", "https://www.gemeente.example");

        var response = await _client.SendAsync(request);

        Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.False(response.Headers.Contains("Access-Control-Allow-Credentials"));
    }

    [Fact]
    public async Task UnhandledException_Returns500ProblemWithoutInternals()
    {
        // The fixture's database file is removed under a second service, so reading it fails inside the handler.
        using var broken = new MatchmakerApiFactory();
        var client = broken.CreateClient();
        await client.GetAsync("/health/live");
        await using (var connection = await broken.Database.OpenAsync())
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "ALTER TABLE schemes RENAME TO schemes_gone";
            await command.ExecuteNonQueryAsync();
        }

        // One scheme is read from the database on every call (lists and matches are served from memory).
        var response = await client.GetAsync("/v1/schemes/t-advice");

        var problem = await response.ProblemAsync(HttpStatusCode.InternalServerError);
        var body = problem.ToString();
        Assert.DoesNotContain("no such table", body);
        Assert.DoesNotContain("SQLite", body);
        Assert.DoesNotContain("Exception", body);
        Assert.DoesNotContain("   at ", body);
    }
}
