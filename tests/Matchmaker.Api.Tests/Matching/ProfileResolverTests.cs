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
}
