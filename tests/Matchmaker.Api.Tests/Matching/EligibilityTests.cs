using Matchmaker.Api.Catalogue;
using Matchmaker.Api.Matching;

namespace Matchmaker.Api.Tests.Matching;

public sealed class EligibilityTests
{
    private static CriterionResult Evaluate(SchemeDocument scheme, MatchCompany? company, string criterion, bool english = false)
    {
        var snapshot = TestCatalogue.Snapshot(scheme);
        var results = EligibilityEvaluator.Evaluate(snapshot.Schemes[0], TestCatalogue.Profile(snapshot, company), snapshot, english);
        return results.Single(r => r.Criterion == criterion);
    }

    public static TheoryData<string[], string?, string> LocationCases => new()
    {
        { ["NL"], null, "met" },
        { ["NL"], "GM0935", "met" },
        { ["PV30"], "GM0772", "met" },
        { ["PV30"], "GM0935", "unmet" },
        { ["PV30"], null, "unknown" },
        { ["GM0772"], "GM0772", "met" },
        { ["GM0772"], "GM0796", "unmet" },
        { ["GM0402", "PV26"], "GM0402", "met" },
        { ["GM0402", "PV26"], "GM0344", "met" },
        { ["GM0402", "PV26"], "GM0363", "unmet" },
    };

    [Theory]
    [MemberData(nameof(LocationCases))]
    public void Location_AreasAgainstTheFirmsMunicipality(string[] areas, string? municipality, string outcome) =>
        Assert.Equal(outcome, Evaluate(TestCatalogue.Scheme("s", areas: areas), new MatchCompany(MunicipalityCode: municipality), "location").Outcome);

    [Theory]
    [InlineData(5, "met")]
    [InlineData(49, "met")]
    [InlineData(50, "unmet")]
    [InlineData(null, "unknown")]
    public void Size_ClassesAgainstTheDerivedClass(int? employees, string outcome) =>
        Assert.Equal(outcome, Evaluate(TestCatalogue.Scheme("s", eligibility: new SchemeEligibility(SizeClasses: ["micro", "small"])),
            new MatchCompany(Employees: employees), "size").Outcome);

    [Theory]
    [InlineData(1, "unmet")]
    [InlineData(2, "met")]
    [InlineData(49, "met")]
    [InlineData(50, "unmet")]
    [InlineData(null, "unknown")]
    public void Employees_RangeIsInclusive(int? employees, string outcome) =>
        Assert.Equal(outcome, Evaluate(TestCatalogue.Scheme("s", eligibility: new SchemeEligibility(MinEmployees: 2, MaxEmployees: 49)),
            new MatchCompany(Employees: employees), "employees").Outcome);

    [Theory]
    [InlineData(20_000L, "met")]
    [InlineData(20_001L, "unmet")]
    [InlineData(null, "unknown")]
    public void Turnover_MaximumIsInclusive(long? turnover, string outcome) =>
        Assert.Equal(outcome, Evaluate(TestCatalogue.Scheme("s", eligibility: new SchemeEligibility(MaxAnnualTurnoverEur: 20_000)),
            new MatchCompany(AnnualTurnoverEur: turnover), "turnover").Outcome);

    [Theory]
    [InlineData(43_000_000L, "met")]
    [InlineData(43_000_001L, "unmet")]
    [InlineData(null, "unknown")]
    public void BalanceSheet_MaximumIsInclusive(long? balance, string outcome) =>
        Assert.Equal(outcome, Evaluate(TestCatalogue.Scheme("s", eligibility: new SchemeEligibility(MaxBalanceSheetTotalEur: 43_000_000)),
            new MatchCompany(BalanceSheetTotalEur: balance), "balance-sheet").Outcome);

    [Theory]
    [InlineData("2021-11-27", "met")]
    [InlineData("2021-11-26", "met")]
    [InlineData("2020-11-26", "unmet")]
    [InlineData("2023-11-27", "unmet")]
    [InlineData(null, "unknown")]
    public void CompanyAge_RangeInWholeYearsOnAsOf(string? founded, string outcome)
    {
        // The scheme is for firms 3 to 5 years old on 2026-11-26.
        var foundedOn = founded is null ? (DateOnly?)null : DateOnly.Parse(founded, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(outcome, Evaluate(TestCatalogue.Scheme("s", eligibility: new SchemeEligibility(MinCompanyAgeYears: 3, MaxCompanyAgeYears: 5)),
            new MatchCompany(FoundedOn: foundedOn), "company-age").Outcome);
    }

    [Theory]
    [InlineData("bv", "met")]
    [InlineData("eenmanszaak", "unmet")]
    [InlineData(null, "unknown")]
    public void LegalForm_MustBeListed(string? form, string outcome) =>
        Assert.Equal(outcome, Evaluate(TestCatalogue.Scheme("s", eligibility: new SchemeEligibility(LegalForms: ["bv", "nv"])),
            new MatchCompany(LegalForm: form), "legal-form").Outcome);

    [Theory]
    [InlineData(new[] { "0141" }, "met")]
    [InlineData(new[] { "01.41" }, "met")]
    [InlineData(new[] { "6201" }, "unmet")]
    [InlineData(new[] { "6201", "0113" }, "met")]
    [InlineData(new string[0], "unknown")]
    public void Sector_IncludedPrefixesMatchAnyCode(string[] codes, string outcome) =>
        Assert.Equal(outcome, Evaluate(TestCatalogue.Scheme("s", eligibility: new SchemeEligibility(SbiIncluded: ["014", "0113"])),
            new MatchCompany(SbiCodes: codes.Length == 0 ? null : codes), "sector").Outcome);

    [Theory]
    [InlineData(new[] { "6420" }, "unmet")]
    [InlineData(new[] { "6201" }, "met")]
    [InlineData(new[] { "6201", "6420" }, "met")]
    public void Sector_ExcludedPrefixesApplyToTheMainActivity(string[] codes, string outcome) =>
        Assert.Equal(outcome, Evaluate(TestCatalogue.Scheme("s", eligibility: new SchemeEligibility(SbiExcluded: ["64"])),
            new MatchCompany(SbiCodes: codes), "sector").Outcome);

    [Theory]
    [InlineData(false, "Uw hoofdactiviteit (een deel van financiële instellingen (SBI 6420)) is uitgesloten: niet voor financiële instellingen (SBI 64).")]
    [InlineData(true, "Your main activity (part of financial and insurance activities (SBI 6420)) is excluded: not for financial and insurance activities (SBI 64).")]
    public void Sector_IsNamedNotJustCoded(bool english, string detail) =>
        Assert.Equal(detail, Evaluate(TestCatalogue.Scheme("s", eligibility: new SchemeEligibility(SbiExcluded: ["64"])),
            new MatchCompany(SbiCodes: ["6420"]), "sector", english).Detail);

    [Fact]
    public void CollaborationAndConditions_AreLeftToAPersonAsUnknown()
    {
        var scheme = TestCatalogue.Scheme("s", eligibility: new SchemeEligibility(CollaborationRequired: true,
            Conditions: [new LocalizedText("Het project is technisch nieuw.", "The project is technically new.")]));

        Assert.Equal("unknown", Evaluate(scheme, null, "collaboration").Outcome);
        var conditions = Evaluate(scheme, null, "conditions", english: true);
        Assert.Equal("A person checks: The project is technically new.", conditions.Detail);
        Assert.Equal(["The project is technically new."], conditions.FullText);
    }

    [Fact]
    public void Overall_IneligibleOnAnyUnmetElseMaybeOnAnyUnknown()
    {
        Assert.Equal("eligible", EligibilityEvaluator.Overall([new(CriterionKind.Location, "met"), new(CriterionKind.Size, "met")]));
        Assert.Equal("maybe", EligibilityEvaluator.Overall([new(CriterionKind.Location, "met"), new(CriterionKind.Size, "unknown")]));
        Assert.Equal("ineligible", EligibilityEvaluator.Overall([new(CriterionKind.Location, "unknown"), new(CriterionKind.Size, "unmet")]));
    }

    [Fact]
    public void Details_AreReadableInDutchAndEnglish()
    {
        var scheme = TestCatalogue.Scheme("s", areas: ["PV30"], eligibility: new SchemeEligibility(SizeClasses: ["micro", "small"], MaxAnnualTurnoverEur: 2_000_000));
        var firm = new MatchCompany(Employees: 60, AnnualTurnoverEur: 2_500_000, MunicipalityCode: "GM0935");

        Assert.Equal("Alleen voor bedrijven gevestigd in Noord-Brabant; uw bedrijf zit in Maastricht.", Evaluate(scheme, firm, "location").Detail);
        Assert.Equal("Only for firms established in Noord-Brabant; your firm is in Maastricht.", Evaluate(scheme, firm, "location", true).Detail);
        Assert.Equal("Alleen voor bedrijven met omvang micro of klein; uw bedrijf is middelgroot.", Evaluate(scheme, firm, "size").Detail);
        Assert.Equal("Only for micro or small firms; your firm is medium-sized.", Evaluate(scheme, firm, "size", true).Detail);
        Assert.Equal("Jaaromzet € 2.500.000 is hoger dan het maximum van € 2.000.000.", Evaluate(scheme, firm, "turnover").Detail);
        Assert.Equal("Annual turnover €2,500,000 is above the maximum of €2,000,000.", Evaluate(scheme, firm, "turnover", true).Detail);
    }
}
