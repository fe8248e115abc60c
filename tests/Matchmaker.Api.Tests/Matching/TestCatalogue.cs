using Matchmaker.Api.Catalogue;
using Matchmaker.Api.Matching;

namespace Matchmaker.Api.Tests.Matching;

// Builds snapshots from hand-made schemes with the real lexicon and areas, for pure ranking tests.
public static class TestCatalogue
{
    private static readonly Lazy<CatalogueData> Real = new(() => CatalogueData.Load(TestPaths.RealData));
    private static readonly Lazy<Lexicon> RealLexicon = new(() => Lexicon.Load(TestPaths.RealData));

    public static readonly DateOnly Today = new(2026, 11, 26);

    public static SchemeDocument Scheme(string id, string level = "national", string[]? areas = null, string instrument = "subsidy",
        string[]? themes = null, string[]? phases = null, SchemeEligibility? eligibility = null, ApplicationWindow[]? windows = null,
        string title = "Regeling", string summary = "Een regeling.", string[]? keywords = null, SchemeFunding? funding = null, bool ended = false,
        string[]? purposes = null) => new()
    {
        Id = id,
        Title = new LocalizedText(title, title),
        Summary = new LocalizedText(summary, summary),
        Provider = "test",
        Level = level,
        Instrument = instrument,
        Themes = themes ?? ["innovation"],
        Phases = phases ?? ["research-development"],
        Purposes = purposes,
        Areas = areas ?? ["NL"],
        Eligibility = eligibility,
        Funding = funding,
        ApplicationWindows = windows ?? [new ApplicationWindow("continuous")],
        Ended = ended ? true : null,
        Keywords = keywords is null ? null : new SchemeKeywords(keywords, keywords),
        Url = "https://example.org/" + id,
        SourceUrl = "https://example.org/" + id,
        LastVerifiedOn = Today,
    };

    public static CatalogueSnapshot Snapshot(params SchemeDocument[] schemes) => new(
        schemes.Select(s => (s, "Test provider")).ToList(),
        Real.Value.Municipalities.Select(m => new MunicipalityInfo(m.Code, m.Name, m.ProvinceCode)).ToList(),
        Real.Value.Provinces.ToDictionary(p => p.Code, p => p.Name),
        RealLexicon.Value,
        Codes.Value);

    public static readonly Lazy<Vocabularies.CodeLists> Codes = new(() => Vocabularies.CodeLists.Load(TestPaths.RealData));

    // The real catalogue, for reading questions the way the service does (its words are not typos).
    public static readonly Lazy<CatalogueSnapshot> RealSnapshot = new(() => new CatalogueSnapshot(
        Real.Value.ProviderFiles.SelectMany(f => f.Content.Schemes.Select(s => (s, f.Content.Provider.Name))).ToList(),
        Real.Value.Municipalities.Select(m => new MunicipalityInfo(m.Code, m.Name, m.ProvinceCode)).ToList(),
        Real.Value.Provinces.ToDictionary(p => p.Code, p => p.Name),
        RealLexicon.Value,
        Codes.Value));

    public static ResolvedProfile Profile(CatalogueSnapshot snapshot, MatchCompany? company = null) =>
        ProfileResolver.Resolve(null, company, Today, snapshot.Municipalities, exclusiveFacts: snapshot.Codes.ExclusiveFacts);

    public static RankResult Rank(CatalogueSnapshot snapshot, MatchCompany? company = null, MatchNeed? need = null,
        bool includeIneligible = false, bool english = false, int limit = 10) =>
        MatchRanker.Rank(Profile(snapshot, company), NeedQuery.Analyze(need, snapshot), snapshot, Today,
            new RankOptions(limit, includeIneligible, english));
}
