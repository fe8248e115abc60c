using Matchmaker.Api.Catalogue;
using Matchmaker.Api.Matching;

namespace Matchmaker.Api.Tests.Matching;

// A write makes the next snapshot from the last one (CatalogueSnapshot.With) instead of from the whole store; matching
// on it must give exactly what a snapshot built from nothing with the same schemes gives.
public sealed class SnapshotUpdateTests
{
    private static readonly (MatchCompany Company, MatchNeed Need)[] Requests =
    [
        (new MatchCompany(LegalForm: "bv", SbiCodes: ["2562"], Employees: 14, MunicipalityCode: "GM0200"), new MatchNeed("We willen een nieuwe CNC-machine kopen")),
        (new MatchCompany(LegalForm: "eenmanszaak", Employees: 1, MunicipalityCode: "GM0363"), new MatchNeed("zonnepanelen op het dak en een warmtepomp")),
        (new MatchCompany(Employees: 40, MunicipalityCode: "GM0772"), new MatchNeed("innovation project with a university, R&D costs")),
    ];

    public static TheoryData<string> Changes => new() { "texts and rules", "same texts", "a word no scheme had", "created and archived" };

    [Theory]
    [MemberData(nameof(Changes))]
    public void ASnapshotMadeFromTheLastOne_MatchesLikeOneBuiltFromNothing(string change)
    {
        // Arrange
        var data = CatalogueData.Load(TestPaths.RealData);
        var schemes = data.ProviderFiles.SelectMany(f => f.Content.Schemes.Select(s => (Document: s, ProviderName: f.Content.Provider.Name))).ToList();
        var old = Build(data, schemes);
        var kia = schemes.Single(s => s.Document.Id == "kleinschaligheidsinvesteringsaftrek");
        var changes = new List<(string Id, PublishedScheme? Now)>();
        switch (change)
        {
            case "texts and rules":
                changes.Add((kia.Document.Id, new PublishedScheme(kia.Document with
                {
                    Summary = new LocalizedText(kia.Document.Summary.Nl + " Ook voor een warmtepomp.", kia.Document.Summary.En + " Also for a heat pump."),
                    Eligibility = (kia.Document.Eligibility ?? new SchemeEligibility()) with { MaxEmployees = 10 },
                }, kia.ProviderName)));
                break;
            case "a word no scheme had":
                changes.Add((kia.Document.Id, new PublishedScheme(kia.Document with { Title = new LocalizedText(kia.Document.Title.Nl + " zwxqvluminatie") }, kia.ProviderName)));
                break;
            case "same texts":
                changes.Add((kia.Document.Id, new PublishedScheme(kia.Document with { BudgetStatus = "limited" }, kia.ProviderName)));
                break;
            default:
                changes.Add((kia.Document.Id, null));
                changes.Add(("kia-kopie", new PublishedScheme(kia.Document with { Id = "kia-kopie", Areas = ["GM0200"] }, kia.ProviderName)));
                break;
        }

        var now = schemes.Where(s => changes.All(c => c.Id != s.Document.Id))
            .Concat(changes.Where(c => c.Now is not null).Select(c => (c.Now!.Document, c.Now.ProviderName))).ToList();

        // Act
        var updated = old.With(changes);
        var fresh = Build(data, now);

        // Assert
        Assert.Equal(fresh.Schemes.Select(s => s.Document.Id), updated.Schemes.Select(s => s.Document.Id));
        foreach (var (company, need) in Requests)
        {
            Assert.Equal(Ranked(fresh, company, need), Ranked(updated, company, need));
        }
        Assert.NotEmpty(Ranked(updated, Requests[0].Company, Requests[0].Need));
        // Made from the last one where it can be (entries kept, index patched or kept), built whole where positions move.
        var kept = ReferenceEquals(old.Schemes[0], updated.Schemes[0]);
        Assert.Equal(change is "texts and rules" or "same texts", kept);
        Assert.Equal(change == "same texts", ReferenceEquals(old.Index, updated.Index));
    }

    private static List<string> Ranked(CatalogueSnapshot snapshot, MatchCompany company, MatchNeed need) =>
        TestCatalogue.Rank(snapshot, company, need, includeIneligible: true, limit: 30).Matches
            .Select(m => $"{m.Scheme.Id} {m.Score} {m.Eligibility} {string.Join('/', m.Criteria.Select(c => c.Outcome))}").ToList();

    private static CatalogueSnapshot Build(CatalogueData data, IReadOnlyList<(SchemeDocument Document, string ProviderName)> schemes) => new(
        schemes,
        data.Municipalities.Select(m => new MunicipalityInfo(m.Code, m.Name, m.ProvinceCode)).ToList(),
        data.Provinces.ToDictionary(p => p.Code, p => p.Name),
        Lexicon.Load(TestPaths.RealData),
        TestCatalogue.Codes.Value);
}
