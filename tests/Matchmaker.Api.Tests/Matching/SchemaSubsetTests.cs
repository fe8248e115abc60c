using System.Text.Json.Nodes;
using CsCheck;
using Json.Schema;
using Matchmaker.Api.Matching;

namespace Matchmaker.Api.Tests.Matching;

// The quick check of match requests answers "valid" only where JsonSchema.Net does, on requests made of well-formed and
// broken values alike, and is sure of the well-formed ones (else it would save nothing).
public sealed class SchemaSubsetTests
{
    private static readonly string Data = TestPaths.RealData;
    private static readonly (SchemaSubset Subset, JsonSchema Schema, EvaluationOptions Options) Shipped = Load(
        File.ReadAllText(Path.Combine(Data, MatchRequestValidator.SchemaFile)));

    private static (SchemaSubset, JsonSchema, EvaluationOptions) Load(string requestSchema)
    {
        var catalogueText = File.ReadAllText(Path.Combine(Data, "catalogue.schema.json"));
        var catalogue = JsonSchema.FromText(catalogueText);
        var schema = JsonSchema.FromText(requestSchema);
        var options = new EvaluationOptions { OutputFormat = OutputFormat.Flag, RequireFormatValidation = true };
        options.SchemaRegistry.Register(catalogue);
        var documents = new Dictionary<string, JsonNode>(StringComparer.Ordinal)
        {
            [catalogue.GetId()!.ToString()] = JsonNode.Parse(catalogueText)!,
            [schema.GetId()!.ToString()] = JsonNode.Parse(requestSchema)!,
        };
        return (SchemaSubset.Compile(schema.GetId()!.ToString(), documents), schema, options);
    }

    // Each field: absent, or one of its valid values, or (not well-formed) one of its broken ones. JSON text; "null" is null.
    private static readonly Dictionary<string, (string[] Valid, string[] Broken)> Fields = new(StringComparer.Ordinal)
    {
        ["kvkNumber"] = (["\"12345678\"", "null"], ["\"1234567\"", "12345678", "\"１２３４５６７８\"", "\"12345678\\n\""]),
        ["asOf"] = (["\"2026-11-26\"", "\"2100-12-31\"", "null"], ["\"2026-02-30\"", "\"1999-12-31\"", "\"2026-1-5\"", "\"2026-11-26T00:00:00\"", "20261126"]),
        ["limit"] = (["10", "1", "50", "null"], ["0", "51", "10.0", "1.5", "\"10\"", "1e1"]),
        ["includeIneligible"] = (["true", "false", "null"], ["\"true\"", "1"]),
        ["language"] = (["\"nl\"", "\"en\"", "null"], ["\"de\"", "\"NL\"", "[\"nl\"]"]),
        ["extra"] = ([], ["1", "null"]),
    };

    private static readonly Dictionary<string, (string[] Valid, string[] Broken)> CompanyFields = new(StringComparer.Ordinal)
    {
        ["legalForm"] = (["\"bv\"", "\"eenmanszaak\"", "null"], ["\"BV\"", "\"zzz\"", "1", "[\"bv\"]"]),
        ["sbiCodes"] = (["[\"6201\"]", "[\"62.01\", \"47\"]", "[]", "null"], ["[\"6\"]", "[\"62..01\"]", "[\"٦٢٠١\"]", "[62]", "[null]", "\"6201\""]),
        ["employees"] = (["12", "0", "10000000", "null"], ["-1", "12.0", "1.5", "10000001", "\"12\"", "1e3"]),
        ["annualTurnoverEur"] = (["1500000", "0", "1000000000000", "null"], ["1000000000001", "2.5", "-3"]),
        ["foundedOn"] = (["\"2019-03-01\"", "\"1800-01-01\"", "null"], ["\"2019-02-30\"", "\"1799-01-01\"", "\"2019-3-1\"", "\"2019-03-01T00:00:00Z\""]),
        ["municipalityCode"] = (["\"GM0772\"", "null"], ["\"gm0772\"", "\"GM077\"", "\"GM07720\"", "772"]),
        ["postcode"] = (["\"5611 AB\"", "\"5611ab\"", "null"], ["\"0611AB\"", "\"5611  AB\""]),
        ["facts"] = (
            ["{\"paysProfitTax\": true, \"plannedInvestmentEur\": 50000}", "{\"ownsPremises\": null}", "{}", "null"],
            ["{\"unknownFact\": true}", "{\"ownsPremises\": \"yes\"}", "{\"plannedInvestmentEur\": -1}", "{\"plannedInvestmentEur\": 1.5}", "[]"]),
        ["size"] = ([], ["\"small\""]),
    };

    private static readonly Dictionary<string, (string[] Valid, string[] Broken)> NeedFields = new(StringComparer.Ordinal)
    {
        ["description"] = (
            ["\"We willen zonnepanelen op ons dak\"", "\"tab\\tand\\nline\"", "\"nbsp\\u00a0café €\"", $"\"{new string('a', 2000)}\"", "\"\"", "null"],
            ["\"bell\\u0007\"", $"\"{new string('a', 2001)}\"", "12"]),
        ["themes"] = (["[\"sustainability\"]", "[\"sustainability\", \"energy\"]", "null"], ["[\"nope\"]", "[null]", "\"sustainability\""]),
        ["phase"] = (["\"investment\"", "null"], ["\"x\"", "3"]),
        ["instruments"] = (["[\"loan\"]", "[]", "null"], ["[\"Loan\"]"]),
        ["projectBudgetEur"] = (["50000", "0", "null"], ["-1", "5e4"]),
        ["purposes"] = (["[\"buy-equipment\"]", "null"], ["[\"buy-equipment\", \"nope\"]"]),
        ["other"] = ([], ["true"]),
    };

    private static Gen<JsonObject?> ObjectOf(Dictionary<string, (string[] Valid, string[] Broken)> fields, double wellFormed) =>
        Gen.Select(Gen.Double[0, 1], Gen.Int[0, 1000].Array[fields.Count]).Select((mode, picks) =>
        {
            var o = new JsonObject();
            var i = 0;
            var valid = wellFormed >= 1 || mode < wellFormed;
            foreach (var (name, (good, bad)) in fields)
            {
                var pick = picks[i++];
                var options = valid ? good : [.. good, .. bad];
                if (pick % 3 == 0 || options.Length == 0)
                {
                    continue;
                }

                o[name] = JsonNode.Parse(options[pick % options.Length]);
            }

            return (JsonObject?)o;
        });

    // wellFormed 1: only valid values; below 1, that share of the objects, the rest mixing in broken values.
    private static Gen<JsonObject> Request(double wellFormed) =>
        Gen.Select(ObjectOf(Fields, wellFormed), ObjectOf(CompanyFields, wellFormed), ObjectOf(NeedFields, wellFormed), Gen.Int[0, 5])
            .Select((top, company, need, shape) =>
            {
                top ??= [];
                var broken = wellFormed < 1;
                if (shape != 0)
                {
                    top["company"] = shape == 5 && broken ? JsonValue.Create("x") : company;
                }

                if (shape != 1 || !top.ContainsKey("company"))
                {
                    top["need"] = shape == 4 && broken ? null : need;
                }

                return top;
            });

    [Fact]
    public void TheShippedSchema_IsUnderstood()
    {
        Assert.True(Shipped.Subset.Understood);
        Assert.True(new MatchRequestValidator(Data, Matchmaker.Api.Vocabularies.CodeLists.Load(Data)).HasQuickCheck);
    }

    [Fact]
    public void WhatItAccepts_TheLibraryAccepts()
    {
        var (subset, schema, options) = Shipped;
        var (sure, valid) = (0, 0);
        Request(0.3).Sample(request =>
        {
            var libraryValid = schema.Evaluate(request, options).IsValid;
            var surelyValid = subset.SurelyValid(request);
            Interlocked.Add(ref sure, surelyValid ? 1 : 0);
            Interlocked.Add(ref valid, libraryValid ? 1 : 0);
            return !surelyValid || libraryValid;
        }, iter: 4000);

        // Both kinds were tried, and it was sure of most of the valid ones.
        Assert.InRange(valid, 100, 3900);
        Assert.InRange(sure, valid / 2, valid);
    }

    [Fact]
    public void AWellFormedRequest_IsSurelyValid()
    {
        var (subset, schema, options) = Shipped;
        Request(1).Sample(request => schema.Evaluate(request, options).IsValid && subset.SurelyValid(request), iter: 1000);
    }

    [Theory]
    [InlineData("\"required\": [\"need\"],")]
    [InlineData("\"not\": { \"type\": \"array\" },")]
    [InlineData("\"minProperties\": 1,")]
    public void ASchemaWithAKeywordItDoesNotKnow_IsNeverSure(string keyword)
    {
        var text = File.ReadAllText(Path.Combine(Data, MatchRequestValidator.SchemaFile)).Replace("\"type\": \"object\",", "\"type\": \"object\", " + keyword, StringComparison.Ordinal);
        var (subset, schema, options) = Load(text);

        var request = JsonNode.Parse("""{ "need": { "description": "zonnepanelen" } }""");

        Assert.False(subset.Understood);
        Assert.False(subset.SurelyValid(request));
        Assert.True(schema.Evaluate(request, options).IsValid);
    }

    [Theory]
    [InlineData("""{ "company": { "employees": 12.0 } }""")]
    [InlineData("""{ "limit": 1e1 }""")]
    public void AWholeNumberWrittenWithAFraction_IsLeftToTheLibrary(string body)
    {
        var request = JsonNode.Parse(body);

        Assert.False(Shipped.Subset.SurelyValid(request));
        Assert.True(Shipped.Schema.Evaluate(request, Shipped.Options).IsValid);
    }
}
