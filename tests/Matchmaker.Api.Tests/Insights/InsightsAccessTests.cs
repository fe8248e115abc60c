namespace Matchmaker.Api.Tests.Insights;

// Analysts (and admins) read the insights; a publisher only its own schemes' exposure; nobody else anything.
public sealed class InsightsAccessTests : IDisposable
{
    private static readonly string[] AnalystOnly = ["/v1/insights/demand", "/v1/insights/unmet", "/v1/insights/words"];

    private readonly MatchmakerApiFactory _api = new();

    public void Dispose() => _api.Dispose();

    public static TheoryData<string> Paths() => new(AnalystOnly.Append("/v1/insights/schemes/t-open-subsidy"));

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task Anonymous_Gets401(string path)
    {
        var problem = await (await _api.CreateClient().GetAsync(path)).ProblemAsync(HttpStatusCode.Unauthorized);

        Assert.Equal("https://matchmaker.dev/problems/unauthorized", problem.GetProperty("type").GetString());
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task Adviser_Gets403(string path)
    {
        var adviser = await _api.ClientWithKeyAsync("adviser");

        var problem = await (await adviser.GetAsync(path)).ProblemAsync(HttpStatusCode.Forbidden);

        Assert.Equal("https://matchmaker.dev/problems/forbidden", problem.GetProperty("type").GetString());
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task AnalystAndAdmin_Get200(string path)
    {
        var analyst = await _api.ClientWithKeyAsync("analyst");
        var admin = await _api.ClientWithKeyAsync("admin");

        Assert.Equal(HttpStatusCode.OK, (await analyst.GetAsync(path)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync(path)).StatusCode);
    }

    [Fact]
    public async Task Publisher_SeesItsOwnSchemesExposureOnly()
    {
        // Arrange
        var publisher = await _api.ClientWithKeyAsync("publisher", "test-national");

        // Act
        var own = await publisher.GetAsync("/v1/insights/schemes/t-open-subsidy");
        var other = await publisher.GetAsync("/v1/insights/schemes/t-brabant-fund");
        var unknown = await publisher.GetAsync("/v1/insights/schemes/no-such-scheme");
        var demand = await Task.WhenAll(AnalystOnly.Select(p => publisher.GetAsync(p)));

        // Assert
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        await other.ProblemAsync(HttpStatusCode.Forbidden);
        await unknown.ProblemAsync(HttpStatusCode.NotFound);
        Assert.All(demand, r => Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode));
    }

    [Fact]
    public async Task RevokedAnalystKey_Gets401()
    {
        var key = await _api.CreateKeyAsync("analyst");
        var client = _api.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        var id = key.Split('_')[1];
        await Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions
            .GetRequiredService<Matchmaker.Api.Security.ApiKeyStore>(_api.Services).RevokeAsync(id, CancellationToken.None);

        await (await client.GetAsync("/v1/insights/demand")).ProblemAsync(HttpStatusCode.Unauthorized);
    }
}
