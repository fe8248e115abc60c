using System.Text.Json.Nodes;
using Json.Schema;
using Matchmaker.Api.Catalogue;
using Matchmaker.Api.Vocabularies;

namespace Matchmaker.Api.Tests.Data;

// data/match-request.schema.json is what the service validates a match request with and what clients may validate with:
// its code lists are the catalogue schema's $defs (so vocabularies.json stays the only place a list is written).
public sealed class MatchRequestSchemaTests
{
    private const string CatalogueId = "https://matchmaker.example/data/catalogue.schema.json";
    private static readonly JsonNode Schema = JsonNode.Parse(File.ReadAllText(Path.Combine(TestPaths.RealData, "match-request.schema.json")))!;
    private static readonly JsonNode Catalogue = JsonNode.Parse(File.ReadAllText(Path.Combine(TestPaths.RealData, "catalogue.schema.json")))!;

    private static IEnumerable<JsonObject> Subschemas(JsonNode? node) => node switch
    {
        JsonObject o => new[] { o }.Concat(o.SelectMany(p => Subschemas(p.Value))),
        JsonArray a => a.SelectMany(Subschemas),
        _ => [],
    };

    [Fact]
    public void MatchRequestSchema_CodeListsAreRefsToTheCatalogueDefs()
    {
        // Arrange
        var vocabularyCodes = CatalogueData.Load(TestPaths.RealData).Vocabularies.Lists.SelectMany(l => l.Terms).Select(t => t.Code).ToHashSet(StringComparer.Ordinal);
        var subschemas = Subschemas(Schema).ToList();

        // Act
        var refs = subschemas.Select(s => s["$ref"]?.GetValue<string>()).OfType<string>().Where(r => !r.StartsWith('#')).ToList();
        var enums = subschemas.Select(s => s["enum"]).OfType<JsonArray>().SelectMany(e => e).OfType<JsonValue>().Select(v => v.GetValue<string>()).ToList();

        // Assert
        Assert.Equal("https://json-schema.org/draft/2020-12/schema", Schema["$schema"]!.GetValue<string>());
        Assert.All(refs, r =>
        {
            Assert.StartsWith(CatalogueId + "#/$defs/", r, StringComparison.Ordinal);
            var def = Catalogue["$defs"]![r[(CatalogueId + "#/$defs/").Length..]];
            Assert.NotNull(def?["enum"]);
            Assert.Contains(r[(CatalogueId + "#/$defs/").Length..], CodeLists.SchemaDefinitions.Values);
        });
        Assert.Equal(
            ["fact", "instrument", "legalForm", "phase", "purpose", "theme"],
            refs.Select(r => r[(CatalogueId + "#/$defs/").Length..]).Distinct().Order(StringComparer.Ordinal));
        // The only list written here is the languages, which is no vocabulary.
        Assert.Equal(["nl", "en"], enums);
        Assert.DoesNotContain(enums, vocabularyCodes.Contains);
    }

    [Fact]
    public void MatchRequestSchema_RefsResolveToTheCatalogueEnums()
    {
        var options = new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true };
        options.SchemaRegistry.Register(JsonSchema.FromFile(Path.Combine(TestPaths.RealData, "catalogue.schema.json")));
        var schema = JsonSchema.FromFile(Path.Combine(TestPaths.RealData, "match-request.schema.json"));
        bool Valid(string json) => schema.Evaluate(JsonNode.Parse(json), options).IsValid;

        Assert.True(Valid("""
            { "company": { "legalForm": "bv", "sbiCodes": ["25.62"], "employees": 9, "annualTurnoverEur": 1200000, "foundedOn": "2015-05-01",
                           "municipalityCode": "GM0855", "facts": { "paysProfitTax": true, "plannedInvestmentEur": 60000 } },
              "need": { "description": "geld voor een nieuwe machine", "themes": ["innovation"], "phase": "investment", "instruments": ["loan"],
                        "purposes": ["buy-equipment"] },
              "limit": 5, "language": "en" }
            """));
        Assert.True(Valid("""{ "company": { "legalForm": null }, "need": { "phase": null, "themes": null }, "language": null }"""));
        Assert.False(Valid("""{ "need": { "themes": ["space"] } }"""));
        Assert.False(Valid("""{ "need": { "themes": [null] } }"""));
        Assert.False(Valid("""{ "company": { "legalForm": "plc" } }"""));
        Assert.False(Valid("""{ "company": { "facts": { "favouriteColour": true } } }"""));
        Assert.False(Valid("""{ "need": { "colour": "red" } }"""));
    }

    [Fact]
    public void MatchRequestSchema_EveryObjectRefusesUnknownFields()
    {
        var objects = Subschemas(Schema).Where(s => s["properties"] is JsonObject).ToList();

        Assert.NotEmpty(objects);
        Assert.All(objects, o => Assert.False(o["additionalProperties"]?.GetValue<bool>() ?? true));
    }

    [Fact]
    public void MatchRequestSchema_IsNamedForClients_InBothReadmes()
    {
        var root = Directory.GetParent(TestPaths.RealData)!.FullName;

        Assert.Contains("match-request.schema.json", File.ReadAllText(Path.Combine(root, "README.md")), StringComparison.Ordinal);
        Assert.Contains("match-request.schema.json", File.ReadAllText(Path.Combine(TestPaths.RealData, "README.md")), StringComparison.Ordinal);
    }
}
