using Matchmaker.Api.Catalogue;
using Matchmaker.Api.Matching;

namespace Matchmaker.Api.Tests.Matching;

public sealed class MatchRankerTests
{
    private static readonly MatchCompany Eindhoven = new(LegalForm: "bv", Employees: 12, MunicipalityCode: "GM0772", SbiCodes: ["6201"]);

    [Fact]
    public void Rank_IneligibleSchemesNeverMatch_ButAreExplainedWhenAsked()
    {
        var snapshot = TestCatalogue.Snapshot(
            TestCatalogue.Scheme("brabant", areas: ["PV30"]),
            TestCatalogue.Scheme("limburg", areas: ["PV31"]),
            TestCatalogue.Scheme("farmers", eligibility: new SchemeEligibility(SbiIncluded: ["01"])));

        var plain = TestCatalogue.Rank(snapshot, Eindhoven);
        var explained = TestCatalogue.Rank(snapshot, Eindhoven, includeIneligible: true);

        Assert.Equal(["brabant"], plain.Matches.Select(m => m.Scheme.Id));
        Assert.Null(plain.Excluded);
        Assert.Equal(["brabant"], explained.Matches.Select(m => m.Scheme.Id));
        Assert.Equal(["farmers", "limburg"], explained.Excluded!.Select(m => m.Scheme.Id).Order(StringComparer.Ordinal));
        Assert.All(explained.Excluded!, m => Assert.Equal("ineligible", m.Eligibility));
        Assert.Contains(explained.Excluded!.Single(m => m.Scheme.Id == "limburg").Criteria, c => c is { Criterion: "location", Outcome: "unmet" });
    }

    [Fact]
    public void Rank_EndedSchemesNeverMatch()
    {
        var snapshot = TestCatalogue.Snapshot(TestCatalogue.Scheme("gone", ended: true), TestCatalogue.Scheme("here"));

        Assert.Equal(["here"], TestCatalogue.Rank(snapshot, Eindhoven).Matches.Select(m => m.Scheme.Id));
        var excluded = TestCatalogue.Rank(snapshot, Eindhoven, includeIneligible: true).Excluded!;
        Assert.Contains(excluded.Single().Criteria, c => c is { Criterion: "status", Outcome: "unmet" });
    }

    [Fact]
    public void Rank_UnknownLocation_MakesRegionalSchemesMaybe()
    {
        var snapshot = TestCatalogue.Snapshot(TestCatalogue.Scheme("regional", areas: ["PV30"]), TestCatalogue.Scheme("national"));

        var result = TestCatalogue.Rank(snapshot, new MatchCompany(Employees: 3));

        Assert.Equal("maybe", result.Matches.Single(m => m.Scheme.Id == "regional").Eligibility);
        Assert.Equal("eligible", result.Matches.Single(m => m.Scheme.Id == "national").Eligibility);
        Assert.Equal("company.municipalityCode", result.NextQuestion!.Field);
        Assert.Equal(1, result.NextQuestion.WouldSettle);
    }

    // A scheme only for projects with partners fits a firm that said nothing of partners less well than one it can use
    // alone; once the question or the facts say it works with partners, the two are equal again.
    [Fact]
    public void Rank_ASchemeThatNeedsPartners_RanksBelowOneForAFirmAlone_UnlessItSpeaksOfPartners()
    {
        var snapshot = TestCatalogue.Snapshot(
            TestCatalogue.Scheme("a-together", eligibility: new SchemeEligibility(CollaborationRequired: true), keywords: ["prototype"], purposes: ["build-prototype", "collaborate-with-partners"]),
            TestCatalogue.Scheme("b-alone", eligibility: new SchemeEligibility(Facts: [new FactRule("paysProfitTax", MustBe: true)]), keywords: ["prototype"], purposes: ["build-prototype", "collaborate-with-partners"]));

        var alone = TestCatalogue.Rank(snapshot, Eindhoven, new MatchNeed(Description: "we bouwen een prototype"));
        var withPartners = TestCatalogue.Rank(snapshot, Eindhoven, new MatchNeed(Description: "we bouwen een prototype samen met partners"));
        var yes = System.Text.Json.JsonSerializer.SerializeToElement(true);
        var saidAsFact = TestCatalogue.Rank(snapshot, Eindhoven with { Facts = new Dictionary<string, System.Text.Json.JsonElement> { ["collaboratesWithPartners"] = yes, ["paysProfitTax"] = yes } },
            new MatchNeed(Description: "we bouwen een prototype"));

        Assert.Equal(["b-alone", "a-together"], alone.Matches.Select(m => m.Scheme.Id));
        Assert.True(alone.Matches[1].Score < alone.Matches[0].Score);
        Assert.Equal(withPartners.Matches[0].Score, withPartners.Matches.Single(m => m.Scheme.Id == "a-together").Score);
        Assert.Equal(saidAsFact.Matches.Single(m => m.Scheme.Id == "b-alone").Score, saidAsFact.Matches.Single(m => m.Scheme.Id == "a-together").Score);
    }

    [Fact]
    public void Rank_MaybeRanksBelowAnOtherwiseEqualEligibleScheme()
    {
        var snapshot = TestCatalogue.Snapshot(
            TestCatalogue.Scheme("a-maybe", eligibility: new SchemeEligibility(LegalForms: ["bv"])),
            TestCatalogue.Scheme("b-sure"));

        var result = TestCatalogue.Rank(snapshot, new MatchCompany(Employees: 3));

        Assert.Equal(["b-sure", "a-maybe"], result.Matches.Select(m => m.Scheme.Id));
        Assert.Equal(ScoreWeights.Default.MaybeCertainty, result.Matches[1].ScoreBreakdown.Certainty);
        Assert.True(result.Matches[0].Score > result.Matches[1].Score);
    }

    [Fact]
    public void Rank_TiesBreakByIdEveryTime()
    {
        var schemes = Enumerable.Range(0, 20).Select(i => TestCatalogue.Scheme($"s{i:00}")).Reverse().ToArray();
        var snapshot = TestCatalogue.Snapshot(schemes);

        var first = TestCatalogue.Rank(snapshot, Eindhoven, limit: 20).Matches.Select(m => m.Scheme.Id).ToList();
        var second = TestCatalogue.Rank(TestCatalogue.Snapshot(schemes.Reverse().ToArray()), Eindhoven, limit: 20).Matches.Select(m => m.Scheme.Id).ToList();

        Assert.Equal(first.Order(StringComparer.Ordinal), first);
        Assert.Equal(first, second);
        Assert.Equal(Enumerable.Range(1, 20), TestCatalogue.Rank(snapshot, Eindhoven, limit: 20).Matches.Select(m => m.Rank));
    }

    public static TheoryData<ApplicationWindow, string, double> WindowCases => new()
    {
        { new("window", new(2026, 11, 26), new(2026, 12, 26)), "open", 1.0 },
        { new("window", new(2026, 11, 26), new(2026, 12, 27)), "open", 1.0 },
        { new("window", new(2026, 1, 1), new(2026, 11, 26)), "open", 1.0 },
        { new("continuous"), "open", 1.0 },
        { new("window", new(2026, 11, 27), new(2026, 12, 31)), "upcoming", 0.8 },
        { new("window", new(2027, 6, 1), new(2027, 7, 1)), "upcoming", 0.7 },
        { new("window", new(2026, 1, 1), new(2026, 11, 25)), "closed", 0.1 },
        { new("tender"), "expected", ScoreWeights.Default.ExpectedFit },
    };

    [Theory]
    [MemberData(nameof(WindowCases))]
    public void Rank_StatusOnOpeningAndClosingDays(ApplicationWindow window, string status, double statusFit)
    {
        var snapshot = TestCatalogue.Snapshot(TestCatalogue.Scheme("s", windows: [window]));

        var match = TestCatalogue.Rank(snapshot, Eindhoven).Matches.Single();

        Assert.Equal(status, match.Status);
        Assert.Equal(statusFit, match.ScoreBreakdown.Status);
    }

    [Theory]
    [InlineData("zonnepanelen op ons dak", "solar")]
    [InlineData("we want solar panels on our roof", "solar")]
    [InlineData("energierekening verlagen", "energy")]
    [InlineData("te weinig onderpand voor de bank", "guarantee")]
    [InlineData("medewerkers bijscholen", "training")]
    [InlineData("prototype ontwikkelen", "rnd")]
    [InlineData("we want to export to Germany", "export")]
    [InlineData("warmtepmop", "heatpump")]
    public void Rank_QuestionsInTheFirmsOwnWordsFindTheRightScheme(string question, string expected)
    {
        var snapshot = TestCatalogue.Snapshot(
            TestCatalogue.Scheme("solar", title: "Subsidie voor zonne-energie", themes: ["energy"], keywords: ["zonnestroom"]),
            TestCatalogue.Scheme("heatpump", title: "Investeringssubsidie warmtepompen", themes: ["energy"]),
            TestCatalogue.Scheme("energy", title: "Energiebesparing voor bedrijven", summary: "Minder energiekosten door besparen.", themes: ["energy"]),
            TestCatalogue.Scheme("guarantee", title: "Borgstelling voor bankkrediet", instrument: "guarantee", themes: ["financing"]),
            TestCatalogue.Scheme("training", title: "Scholing van personeel", summary: "Opleiding en training van werknemers.", themes: ["staff-training"]),
            TestCatalogue.Scheme("rnd", title: "Speur- en ontwikkelingswerk", summary: "Voor het ontwikkelen van nieuwe producten.", themes: ["research-development"]),
            TestCatalogue.Scheme("export", title: "Exportcoaching", summary: "Begeleiding bij de eerste stappen in het buitenland.", themes: ["export"]),
            TestCatalogue.Scheme("retail", title: "Gevelsubsidie winkels", themes: ["retail-city-centre"]));

        var result = TestCatalogue.Rank(snapshot, Eindhoven, new MatchNeed(Description: question));

        Assert.Equal(expected, result.Matches[0].Scheme.Id);
        Assert.DoesNotContain(result.Matches, m => m.Scheme.Id == "retail");
    }

    // A long question's further words do not thin the relevance of a scheme that answers its core: past the rarest
    // ScoreWeights.RelevanceConcepts concepts, more words the scheme lacks change nothing.
    [Fact]
    public void Rank_ALongQuestion_IsMeasuredAgainstItsRarestConcepts()
    {
        string[] others = ["tafel", "stoel", "lamp", "kast", "deur", "raam", "vloer", "muur", "trap", "kelder", "zolder", "tuin", "hek", "schuur",
            "garage", "oprit", "vijver", "boom", "struik", "gras", "bloem", "pad", "bank", "plank", "haak", "spijker", "schroef", "bout", "moer", "veer"];
        var snapshot = TestCatalogue.Snapshot(
            TestCatalogue.Scheme("solar", title: "Subsidie voor zonnepanelen", themes: ["energy"]),
            TestCatalogue.Scheme("things", title: "Dingen", summary: string.Join(' ', others), themes: ["energy"]));
        double Relevance(int extra) => TestCatalogue.Rank(snapshot, Eindhoven, new MatchNeed(Description: "zonnepanelen " + string.Join(' ', others.Take(extra))))
            .Matches.Single(m => m.Scheme.Id == "solar").ScoreBreakdown.Relevance!.Value;

        Assert.True(Relevance(4) < Relevance(0));
        Assert.Equal(Relevance(ScoreWeights.Default.RelevanceConcepts), Relevance(others.Length), 6);
        Assert.True(Relevance(others.Length) >= 1.0 / ScoreWeights.Default.RelevanceConcepts - 1e-3);
    }

    [Fact]
    public void Rank_AQuestionNoSchemeAnswers_ReturnsNothingRatherThanTheCatalogue()
    {
        var snapshot = TestCatalogue.Snapshot(TestCatalogue.Scheme("retail", title: "Gevelsubsidie winkels", themes: ["retail-city-centre"]));

        Assert.Empty(TestCatalogue.Rank(snapshot, Eindhoven, new MatchNeed(Description: "octrooi aanvragen")).Matches);
    }

    [Fact]
    public void Rank_ThemePhaseInstrumentAndBudget_ShapeTheScore()
    {
        var snapshot = TestCatalogue.Snapshot(
            TestCatalogue.Scheme("fit", themes: ["innovation"], phases: ["feasibility"], instrument: "subsidy",
                funding: new SchemeFunding(MinAmountEur: 5_000, MaxAmountEur: 20_000)),
            TestCatalogue.Scheme("near", themes: ["innovation"], phases: ["research-development"], instrument: "loan",
                funding: new SchemeFunding(MinAmountEur: 150_000)));

        var result = TestCatalogue.Rank(snapshot, Eindhoven,
            new MatchNeed(Themes: ["innovation"], Phase: "feasibility", Instruments: ["subsidy"], ProjectBudgetEur: 30_000));

        Assert.Equal(["fit", "near"], result.Matches.Select(m => m.Scheme.Id));
        var fit = result.Matches[0].ScoreBreakdown;
        var near = result.Matches[1].ScoreBreakdown;
        Assert.Equal((1.0, 1.0, 1.0, 1.0), (fit.Theme, fit.Phase, fit.Instrument, fit.Amount));
        Assert.Equal((1.0, 0.5, 0.0, 0.2), (near.Theme, near.Phase, near.Instrument, near.Amount));
        Assert.Null(fit.Relevance);
        // Every part 1 but locality: a national scheme for a firm whose place is known counts NationalLocality there.
        var w = ScoreWeights.Default;
        var parts = w.Status + w.Theme + w.Phase + w.Instrument + w.Amount + w.Locality;
        Assert.Equal(Math.Round(1 - (1 - w.NationalLocality) * w.Locality / parts, 4), result.Matches[0].Score);
    }

    [Fact]
    public void Rank_NextQuestion_NamesTheFactThatSettlesMostUnknowns()
    {
        var snapshot = TestCatalogue.Snapshot(
            TestCatalogue.Scheme("a", eligibility: new SchemeEligibility(MaxCompanyAgeYears: 5)),
            TestCatalogue.Scheme("b", eligibility: new SchemeEligibility(MinCompanyAgeYears: 1)),
            TestCatalogue.Scheme("c", eligibility: new SchemeEligibility(LegalForms: ["bv"])));

        var result = TestCatalogue.Rank(snapshot, new MatchCompany(MunicipalityCode: "GM0772"), english: true);

        Assert.Equal(new NextQuestion("company.foundedOn", "When did your business start?", 2), result.NextQuestion);
    }

    [Fact]
    public void Rank_IsPure_SameInputSameOutput()
    {
        var snapshot = TestCatalogue.Snapshot(TestCatalogue.Scheme("a", title: "Zonnepanelen"), TestCatalogue.Scheme("b", title: "Warmtepomp"));
        var need = new MatchNeed(Description: "zonnepanelen en warmtepomp");

        var one = TestCatalogue.Rank(snapshot, Eindhoven, need);
        var two = TestCatalogue.Rank(snapshot, Eindhoven, need);

        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(one), System.Text.Json.JsonSerializer.Serialize(two));
    }
}
