using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Json.Schema;
using Matchmaker.Api.Catalogue;

namespace Matchmaker.Api.Tests.Data;

// The checks every catalogue change must pass; they read data/ exactly as the service's seed does.
public sealed partial class CatalogueDataTests
{
    private static readonly CatalogueData Data = CatalogueData.Load(TestPaths.RealData);
    private static readonly string[] ProvinceCodes = Enumerable.Range(20, 12).Select(n => $"PV{n}").ToArray();

    public static TheoryData<string> ProviderFiles()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(Path.Combine(TestPaths.RealData, "providers"), "*.json").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(file));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ProviderFiles))]
    public void ProviderFile_ValidatesAgainstJsonSchema(string file)
    {
        var schema = JsonSchema.FromFile(Path.Combine(TestPaths.RealData, "catalogue.schema.json"));
        var instance = JsonNode.Parse(File.ReadAllText(Path.Combine(TestPaths.RealData, "providers", file)));

        var result = schema.Evaluate(instance, new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true });

        var errors = result.Details.Where(d => d.Errors is not null)
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}"));
        Assert.True(result.IsValid, file + ":\n" + string.Join("\n", errors));
    }

    [Theory]
    [MemberData(nameof(ProviderFiles))]
    public void ProviderFile_IsNamedAfterItsProviderAndOwnsItsSchemes(string file)
    {
        var content = Data.ProviderFiles.Single(f => f.File == file).Content;
        Assert.Equal(content.Provider.Id + ".json", file);
        Assert.All(content.Schemes, s => Assert.Equal(content.Provider.Id, s.Provider));
    }

    [Fact]
    public void SchemeIds_AreUniqueAndKebabCase()
    {
        var ids = Data.Schemes.Select(s => s.Id).ToList();
        Assert.Empty(ids.GroupBy(i => i).Where(g => g.Count() > 1).Select(g => g.Key));
        Assert.All(ids, id => Assert.Matches(KebabCase(), id));
        Assert.All(Data.ProviderFiles, f => Assert.Matches(KebabCase(), f.Content.Provider.Id));
    }

    [Fact]
    public void EveryAreaReference_Resolves()
    {
        var known = new HashSet<string>(Data.Municipalities.Select(m => m.Code).Concat(ProvinceCodes).Append("NL"));
        var unknown = Data.Schemes.SelectMany(s => s.Areas.Where(a => !known.Contains(a)).Select(a => $"{s.Id}: {a}"))
            .Concat(Data.ProviderFiles.Where(f => f.Content.Provider.AreaCode is { } a && !known.Contains(a)).Select(f => f.File));
        Assert.Empty(unknown);
    }

    [Fact]
    public void EveryUrl_IsHttps()
    {
        var urls = Data.Schemes.SelectMany(s => new[] { (s.Id, s.Url), (s.Id, s.SourceUrl) })
            .Concat(Data.ProviderFiles.Select(f => (f.Content.Provider.Id, f.Content.Provider.Website)));
        Assert.DoesNotContain(urls, u => !Uri.TryCreate(u.Item2, UriKind.Absolute, out var uri) || uri.Scheme != "https");
    }

    [Fact]
    public void Dates_RangesAndPercentages_AreConsistent()
    {
        var problems = new List<string>();
        // The real date: a record cannot have been checked in the future.
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        foreach (var s in Data.Schemes)
        {
            var e = s.Eligibility;
            if (e?.MinEmployees > e?.MaxEmployees) { problems.Add($"{s.Id}: minEmployees > maxEmployees"); }
            if (e?.MinCompanyAgeYears > e?.MaxCompanyAgeYears) { problems.Add($"{s.Id}: minCompanyAgeYears > maxCompanyAgeYears"); }
            if (s.Funding?.MinAmountEur > s.Funding?.MaxAmountEur) { problems.Add($"{s.Id}: minAmountEur > maxAmountEur"); }
            if (s.Funding?.PercentageOfCosts is < 0 or > 100) { problems.Add($"{s.Id}: percentage outside 0-100"); }
            if (s.LastVerifiedOn > today.AddDays(1) || s.LastVerifiedOn.Year < 2000) { problems.Add($"{s.Id}: lastVerifiedOn implausible"); }
            foreach (var w in s.ApplicationWindows ?? [])
            {
                if (w.OpensOn > w.ClosesOn) { problems.Add($"{s.Id}: window opens after it closes"); }
            }
        }

        Assert.Empty(problems);
    }

    [Fact]
    public void Areas_Are12ProvincesAnd342MunicipalitiesWithUniqueCodes()
    {
        Assert.Equal(ProvinceCodes, Data.Provinces.Select(p => p.Code));
        Assert.Equal(342, Data.Municipalities.Count);
        Assert.Equal(342, Data.Municipalities.Select(m => m.Code).Distinct().Count());
        Assert.All(Data.Municipalities, m => Assert.Matches("^GM[0-9]{4}$", m.Code));
        Assert.All(Data.Municipalities, m => Assert.Contains(m.ProvinceCode, ProvinceCodes));
    }

    [Theory]
    [InlineData("wbso")]
    [InlineData("innovatiekrediet")]
    [InlineData("eia")]
    [InlineData("mia-vamil")]
    [InlineData("isde")]
    [InlineData("sde-plus-plus")]
    [InlineData("dei-plus")]
    [InlineData("bmkb")]
    [InlineData("bmkb-groen")]
    [InlineData("garantie-ondernemingsfinanciering")]
    [InlineData("seed-capital")]
    [InlineData("vroegefasefinanciering")]
    [InlineData("dhi")]
    [InlineData("slim")]
    [InlineData("qredits-microfinanciering")]
    [InlineData("borgstelling-landbouw")]
    [InlineData("bbz")]
    [InlineData("eurostars")]
    [InlineData("eic-accelerator")]
    [InlineData("ondernemersklankbord")]
    public void RequiredScheme_IsInTheCatalogue(string id) => Assert.Contains(Data.Schemes, s => s.Id == id);

    [Fact]
    public void Bbz_IsMunicipalEverywhere()
    {
        var bbz = Data.Schemes.Single(s => s.Id == "bbz");
        Assert.Equal("municipal", bbz.Level);
        Assert.Equal(["NL"], bbz.Areas);
    }

    [Fact]
    public void EveryProvince_HasAtLeastFourRegionalSchemesInForce()
    {
        var provinceOf = Data.Municipalities.ToDictionary(m => m.Code, m => m.ProvinceCode);
        var counts = ProvinceCodes.ToDictionary(p => p, p => Data.Schemes.Count(s =>
            s.Ended != true && s.Level is "provincial" && s.Areas.Any(a => a == p || (provinceOf.TryGetValue(a, out var pv) && pv == p))));
        Assert.All(counts, c => Assert.True(c.Value >= 4, $"{c.Key} has {c.Value} regional schemes"));
    }

    [Fact]
    public void EveryMitCounter_HasBothTracks()
    {
        var ids = Data.Schemes.Select(s => s.Id).ToHashSet();
        var regions = ids.Where(i => i.StartsWith("mit-haalbaarheid-", StringComparison.Ordinal)).Select(i => i["mit-haalbaarheid-".Length..]).ToList();
        Assert.NotEmpty(regions);
        Assert.All(regions, r => Assert.Contains("mit-rd-samenwerking-" + r, ids));
        // Every province is served by exactly one regional MIT feasibility counter.
        var provinceOf = Data.Municipalities.ToDictionary(m => m.Code, m => m.ProvinceCode);
        var served = Data.Schemes.Where(s => s.Id.StartsWith("mit-haalbaarheid-", StringComparison.Ordinal)).SelectMany(s => s.Areas).ToList();
        Assert.All(ProvinceCodes, p => Assert.Single(served, a => a == p));
    }

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex KebabCase();
}
