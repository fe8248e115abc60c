using System.Text.Json;
using System.Text.Json.Nodes;
using Xunit.Abstractions;

namespace Matchmaker.Api.Tests.Matching;

public sealed class RealCatalogueApi : IDisposable
{
    public MatchmakerApiFactory Factory { get; } = new(realCatalogue: true);

    public void Dispose() => Factory.Dispose();
}

// Realistic cases with the schemes an adviser would name (must be in the top 10) and the ones the firm cannot get
// (must never be offered), judged against the real catalogue; the same questions through keyword search for contrast.
public sealed class JudgedSetTests(RealCatalogueApi api, ITestOutputHelper output) : IClassFixture<RealCatalogueApi>
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    private sealed record JudgedCase(string Name, JsonObject Request, string[] Expected, string[] Forbidden);

    [Fact]
    public async Task JudgedSet_MatcherFindsWhatAnAdviserWouldName_AndClearlyBeatsKeywordSearch()
    {
        // Arrange
        var cases = JsonSerializer.Deserialize<List<JudgedCase>>(
            await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Matching", "judged-cases.json")),
            Web)!;
        var client = api.Factory.CreateClient();
        int expected = 0, found = 0, foundBySearch = 0;
        var violations = new List<string>();
        var misses = new List<string>();

        // Act
        foreach (var c in cases)
        {
            var request = c.Request.DeepClone().AsObject();
            request["limit"] = 50;
            var response = await client.PostAsJsonAsync("/v1/matches", request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var ids = (await response.JsonAsync()).GetProperty("matches").EnumerateArray()
                .Select(m => m.GetProperty("scheme").GetProperty("id").GetString()!).ToList();
            var top10 = ids.Take(10).ToList();

            var description = c.Request["need"]!["description"]!.GetValue<string>();
            var search = await (await client.GetAsync("/v1/schemes?pageSize=10&search=" + Uri.EscapeDataString(description))).JsonAsync();
            var searchIds = search.ValueKind == JsonValueKind.Object && search.TryGetProperty("items", out _) ? search.Ids() : [];

            expected += c.Expected.Length;
            found += c.Expected.Count(top10.Contains);
            foundBySearch += c.Expected.Count(searchIds.Contains);
            misses.AddRange(c.Expected.Where(e => !top10.Contains(e)).Select(e => $"{c.Name}: {e} not in top 10 ({string.Join(", ", top10)})"));
            violations.AddRange(c.Forbidden.Where(ids.Contains).Select(f => $"{c.Name}: {f} offered at rank {ids.IndexOf(f) + 1}"));
        }

        // Assert
        var recall = found / (double)expected;
        var searchRecall = foundBySearch / (double)expected;
        output.WriteLine($"{cases.Count} cases, {expected} expected schemes");
        output.WriteLine($"matcher recall@10: {recall:0.000}; violations: {violations.Count}");
        output.WriteLine($"keyword search (GET /v1/schemes?search=) recall@10: {searchRecall:0.000}");
        misses.ForEach(output.WriteLine);
        violations.ForEach(output.WriteLine);
        Assert.True(cases.Count >= 30, "The judged set needs at least 30 cases.");
        Assert.Empty(violations);
        Assert.True(recall >= 0.9, $"recall@10 {recall:0.000} < 0.9:\n" + string.Join("\n", misses));
        Assert.True(recall >= searchRecall + 0.3, $"matcher {recall:0.000} does not clearly beat keyword search {searchRecall:0.000}");
    }
}
