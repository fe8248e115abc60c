using System.Text.Json.Nodes;
using Matchmaker.Api.Tests.Catalogue;

namespace Matchmaker.Api.Tests.Contract;

public sealed class OpenApiContractTests(FixtureApi api) : IClassFixture<FixtureApi>
{
    private static readonly string CommittedPath = Path.Combine(TestPaths.RepositoryRoot, "openapi", "matchmaker-v1.json");

    [Fact]
    public async Task ServedDocument_EqualsCommittedDocument()
    {
        // Act
        var response = await api.Factory.CreateClient().GetAsync("/v1/openapi.json");
        var served = await response.Content.ReadAsStringAsync();

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        if (TestPaths.UpdateGenerated)
        {
            await File.WriteAllTextAsync(CommittedPath, JsonNode.Parse(served)!.ToJsonString(TestPaths.WrittenJson) + "\n");
        }

        Assert.True(File.Exists(CommittedPath), "openapi/matchmaker-v1.json is missing; run UPDATE_GENERATED=1 dotnet test to write it.");
        var committed = JsonNode.Parse(await File.ReadAllTextAsync(CommittedPath));
        Assert.True(JsonNode.DeepEquals(committed, JsonNode.Parse(served)),
            "The served OpenAPI document differs from openapi/matchmaker-v1.json; run UPDATE_GENERATED=1 dotnet test and review the diff.");
    }

    [Fact]
    public async Task Document_FollowsTheApiConventions()
    {
        var doc = JsonNode.Parse(await api.Factory.CreateClient().GetStringAsync("/v1/openapi.json"))!;

        Assert.StartsWith("3.0", doc["openapi"]!.GetValue<string>());
        Assert.Equal("1.0.0", doc["info"]!["version"]!.GetValue<string>());
        Assert.NotNull(doc["info"]!["contact"]!["email"]);
        Assert.EndsWith("/v1", doc["servers"]![0]!["url"]!.GetValue<string>());
        foreach (var (path, item) in doc["paths"]!.AsObject())
        {
            Assert.False(path.StartsWith("/v1", StringComparison.Ordinal), path);
            foreach (var (method, operation) in item!.AsObject())
            {
                Assert.False(string.IsNullOrEmpty(operation!["operationId"]?.GetValue<string>()), $"{method} {path} has no operationId");
                Assert.False(string.IsNullOrEmpty(operation["description"]?.GetValue<string>()), $"{method} {path} has no description");
                foreach (var (code, response) in operation["responses"]!.AsObject())
                {
                    if (code[0] is '4' or '5')
                    {
                        Assert.NotNull(response!["content"]!["application/problem+json"]);
                    }
                    else
                    {
                        Assert.NotNull(response!["headers"]!["API-Version"]);
                    }
                }
            }
        }
    }
}
