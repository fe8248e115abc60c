using System.Text.Json;
using Matchmaker.Api.Catalogue;
using Matchmaker.Api.Matching;

namespace Matchmaker.Api.Tests.Matching;

public sealed class ProfileResolverTests
{
    [Theory]
    [InlineData(9, null, null, "micro")]
    [InlineData(10, null, null, "small")]
    [InlineData(49, null, null, "small")]
    [InlineData(50, null, null, "medium")]
    [InlineData(249, null, null, "medium")]
    [InlineData(250, null, null, "large")]
    [InlineData(5, 2_000_000L, null, "micro")]
    [InlineData(5, 2_000_001L, null, "micro")]
    [InlineData(5, 2_000_001L, 2_000_000L, "micro")]
    [InlineData(5, 2_000_001L, 2_000_001L, "small")]
    [InlineData(40, 10_000_001L, 10_000_001L, "medium")]
    [InlineData(100, 50_000_001L, 43_000_000L, "medium")]
    [InlineData(100, 50_000_001L, 43_000_001L, "large")]
    [InlineData(0, null, null, "micro")]
    public void SizeClass_FollowsTheEuSmeDefinitionAtItsBoundaries(int employees, long? turnover, long? balance, string expected) =>
        Assert.Equal(expected, ProfileResolver.SizeClass(employees, turnover, balance));

    [Fact]
    public void SizeClass_WithoutHeadcount_IsUnknown() => Assert.Null(ProfileResolver.SizeClass(null, 1_000, 1_000));

    [Theory]
    [InlineData("2019-11-26", "2026-11-26", 7)]
    [InlineData("2019-11-27", "2026-11-26", 6)]
    [InlineData("2024-02-29", "2025-02-27", 0)]
    [InlineData("2024-02-29", "2025-02-28", 1)]
    [InlineData("2024-02-29", "2025-03-01", 1)]
    [InlineData("2026-11-26", "2026-11-26", 0)]
    public void AgeInYears_CountsWholeYears(string founded, string asOf, int years) =>
        Assert.Equal(years, ProfileResolver.AgeInYears(DateOnly.Parse(founded, System.Globalization.CultureInfo.InvariantCulture), DateOnly.Parse(asOf, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void Resolve_DerivesProvinceSizeAndAgeAndRecordsProvenance()
    {
        var snapshot = TestCatalogue.Snapshot();

        var profile = TestCatalogue.Profile(snapshot, new MatchCompany(LegalForm: "bv", SbiCodes: ["62.01", "7112"], Employees: 12,
            FoundedOn: new DateOnly(2019, 3, 1), MunicipalityCode: "GM0772", Postcode: "5611 ab"));

        Assert.Equal("PV30", profile.ProvinceCode);
        Assert.Equal("Eindhoven", profile.MunicipalityName);
        Assert.Equal("small", profile.SizeClass);
        Assert.Equal(7, profile.CompanyAgeYears);
        Assert.Equal(["6201", "7112"], profile.SbiCodes);
        Assert.Equal("5611AB", profile.Postcode);
        Assert.Equal("input", profile.Provenance["employees"]);
        Assert.Equal("derived", profile.Provenance["sizeClass"]);
        Assert.Equal("derived", profile.Provenance["provinceCode"]);
        Assert.False(profile.Provenance.ContainsKey("annualTurnoverEur"));
    }

    // The one merge: the request wins, KVK fills in what it leaves out, PDOK the municipality; normalised codes; every
    // field says where it came from, once.
    [Fact]
    public void Resolve_MergesInputKvkAndPdok_InputFirst_WithTheSourceOfEachField()
    {
        // Arrange
        var municipalities = new Dictionary<string, MunicipalityInfo> { ["GM0772"] = new("GM0772", "Eindhoven", "PV30") };
        var kvk = new Matchmaker.Api.Companies.KvkFacts("68750110", "Test BV", [], "bv", "Besloten Vennootschap",
            [new("62.01", "Ontwikkelen van software", true)], 40, new DateOnly(2015, 6, 1), false, "5611 ab", "Eindhoven", false, true);
        var input = new MatchCompany(Employees: 12, AnnualTurnoverEur: 1_500_000);

        // Act
        var profile = ProfileResolver.Resolve("68750110", input, new DateOnly(2026, 11, 26), municipalities, new ProfileSources(kvk, "GM0772"));

        // Assert
        Assert.Equal(12, profile.Employees);
        Assert.Equal("bv", profile.LegalForm);
        Assert.Equal(["6201"], profile.SbiCodes!);
        Assert.Equal("5611AB", profile.Postcode);
        Assert.Equal("GM0772", profile.MunicipalityCode);
        Assert.Equal("PV30", profile.ProvinceCode);
        Assert.Equal(11, profile.CompanyAgeYears);
        Assert.Equal("input", profile.Provenance["employees"]);
        Assert.Equal("input", profile.Provenance["annualTurnoverEur"]);
        Assert.Equal("kvk", profile.Provenance["legalForm"]);
        Assert.Equal("kvk", profile.Provenance["sbiCodes"]);
        Assert.Equal("kvk", profile.Provenance["foundedOn"]);
        Assert.Equal("kvk", profile.Provenance["postcode"]);
        Assert.Equal("pdok", profile.Provenance["municipalityCode"]);
        Assert.Equal("derived", profile.Provenance["sizeClass"]);
        Assert.False(profile.Provenance.ContainsKey("balanceSheetTotalEur"));
    }

    [Fact]
    public void Resolve_AMunicipalityInTheRequest_WinsOverPdok()
    {
        var municipalities = new Dictionary<string, MunicipalityInfo> { ["GM0363"] = new("GM0363", "Amsterdam", "PV27") };

        var profile = ProfileResolver.Resolve(null, new MatchCompany(MunicipalityCode: "GM0363"), new DateOnly(2026, 11, 26), municipalities,
            new ProfileSources(PdokMunicipalityCode: "GM0772"));

        Assert.Equal("GM0363", profile.MunicipalityCode);
        Assert.Equal("input", profile.Provenance["municipalityCode"]);
    }

    // A firm falls under one sector's collective agreement: a yes to one makes the others it left open a no (derived),
    // while an answer it gave stands.
    [Fact]
    public void Resolve_AYesToOneSectorAgreement_IsANoToTheOthersItLeftOpen()
    {
        var facts = new Dictionary<string, JsonElement>
        {
            ["coveredByCaoAfbouw"] = JsonSerializer.SerializeToElement(true),
            ["affiliatedWithOom"] = JsonSerializer.SerializeToElement(true),
            ["paysProfitTax"] = JsonSerializer.SerializeToElement(true),
        };
        var groups = TestCatalogue.Codes.Value.ExclusiveFacts;

        var profile = ProfileResolver.Resolve(null, new MatchCompany(Facts: facts), new DateOnly(2026, 11, 26), new Dictionary<string, MunicipalityInfo>(), null, groups);
        var none = ProfileResolver.Resolve(null, new MatchCompany(Facts: new Dictionary<string, JsonElement> { ["coveredByCaoAfbouw"] = JsonSerializer.SerializeToElement(false) }),
            new DateOnly(2026, 11, 26), new Dictionary<string, MunicipalityInfo>(), null, groups);

        Assert.Equal(JsonValueKind.False, profile.Facts["coveredByCaoTechnischInstallatiebedrijf"].ValueKind);
        Assert.Equal("derived", profile.Provenance["facts.coveredByCaoTechnischInstallatiebedrijf"]);
        Assert.Equal(JsonValueKind.True, profile.Facts["affiliatedWithOom"].ValueKind);
        Assert.Equal("input", profile.Provenance["facts.affiliatedWithOom"]);
        Assert.False(profile.Facts.ContainsKey("hasRdStaff"));
        Assert.Equal(13, groups.Single().Count);
        Assert.Single(none.Facts);
    }

    // Another sector's training fund is no "maybe" for a firm that named its own agreement.
    [Fact]
    public void Rank_AFirmUnderOneSectorAgreement_IsNotOfferedAnotherSectorsFund()
    {
        var snapshot = TestCatalogue.Snapshot(
            TestCatalogue.Scheme("afbouw", title: "Scholing in de afbouw", eligibility: new SchemeEligibility(Facts: [new FactRule("coveredByCaoAfbouw", MustBe: true)])),
            TestCatalogue.Scheme("techniek", title: "Scholing in de installatietechniek", eligibility: new SchemeEligibility(Facts: [new FactRule("coveredByCaoTechnischInstallatiebedrijf", MustBe: true)])));
        var company = new MatchCompany(LegalForm: "bv", Employees: 12, MunicipalityCode: "GM0855",
            Facts: new Dictionary<string, JsonElement> { ["coveredByCaoAfbouw"] = JsonSerializer.SerializeToElement(true) });

        var result = TestCatalogue.Rank(snapshot, company, new MatchNeed(Description: "scholing"), includeIneligible: true);

        Assert.Equal(["afbouw"], result.Matches.Select(m => m.Scheme.Id));
        Assert.Equal(["techniek"], result.Excluded!.Select(m => m.Scheme.Id));
    }
}
