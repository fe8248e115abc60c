using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.DependencyInjection;
using Matchmaker.Api.Catalogue;
using Matchmaker.Api.Http;
using Matchmaker.Api.Matching;
using Matchmaker.Api.Tests.Catalogue;
using Matchmaker.Api.Tests.Matching;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace Matchmaker.Api.Tests.Conventions;

// The hot answers are written by generated code; the JSON itself is pinned by the endpoint and OpenAPI tests.
public sealed class JsonSourceGenerationTests(FixtureApi api, RealCatalogueApi real) : IClassFixture<FixtureApi>, IClassFixture<RealCatalogueApi>
{
    [Theory]
    [InlineData(typeof(MatchResult))]
    [InlineData(typeof(PagedList<SchemeResponse>))]
    [InlineData(typeof(SchemeResponse))]
    public void HotResponse_IsResolvedByTheGeneratedContext(Type type)
    {
        // Arrange
        var options = api.Factory.Services.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;

        // Act
        var info = options.GetTypeInfo(type);

        // Assert
        Assert.Same(ApiJsonContext.Default, info.OriginatingResolver);
    }

    [Theory]
    [InlineData("nl")]
    [InlineData("en")]
    public async Task Matches_WithTheirSchemesWrittenOnce_AreWhatReflectionWrites(string language)
    {
        // Arrange: the serializer without any generated code or converter, with the endpoint's encoder; the real
        // catalogue, whose amounts and texts hold "€", "–" and accents.
        var endpoint = real.Factory.Services.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        var reflection = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            NumberHandling = JsonNumberHandling.Strict,
            Encoder = endpoint.Encoder,
            TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
        };
        var client = real.Factory.CreateClient();
        var request = $$"""
            { "company": { "employees": 12, "municipalityCode": "GM0772" },
              "need": { "description": "warmtepomp & zonnepanelen voor ons café (€ 40.000)" }, "language": "{{language}}", "limit": 50 }
            """;

        // Act: twice, so the second answer copies the schemes' JSON written for the first.
        var bodies = new List<string>();
        for (var i = 0; i < 2; i++)
        {
            var response = await client.PostAsync("/v1/matches", new StringContent(request, Encoding.UTF8, "application/json"));
            bodies.Add(await response.Content.ReadAsStringAsync());
        }

        // Assert
        var result = JsonSerializer.Deserialize<MatchResult>(bodies[0], reflection)!;
        Assert.NotEmpty(result.Matches);
        Assert.Contains(result.Matches, m => m.Scheme.Funding is not null);
        Assert.Equal(JsonSerializer.Serialize(result, reflection), bodies[0]);
        Assert.Equal(bodies[0], bodies[1]);
    }
}
