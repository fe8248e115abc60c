using Microsoft.Extensions.DependencyInjection;
using Matchmaker.Api.Catalogue;
using Matchmaker.Api.Http;
using Matchmaker.Api.Matching;
using Matchmaker.Api.Tests.Catalogue;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace Matchmaker.Api.Tests.Conventions;

// The hot answers are written by generated code; the JSON itself is pinned by the endpoint and OpenAPI tests.
public sealed class JsonSourceGenerationTests(FixtureApi api) : IClassFixture<FixtureApi>
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
}
