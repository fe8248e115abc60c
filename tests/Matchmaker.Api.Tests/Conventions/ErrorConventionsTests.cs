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
        await using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={broken.DatabasePath}"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "DROP TABLE scheme_windows";
            await command.ExecuteNonQueryAsync();
        }

        var response = await client.GetAsync("/v1/schemes");

        var problem = await response.ProblemAsync(HttpStatusCode.InternalServerError);
        var body = problem.ToString();
        Assert.DoesNotContain("scheme_windows", body);
        Assert.DoesNotContain("Exception", body);
        Assert.DoesNotContain("   at ", body);
    }
}
