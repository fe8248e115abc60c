using Matchmaker.Api.Catalogue;

namespace Matchmaker.Api.Matching;

// One published scheme with what matching needs, computed once per snapshot instead of per request.
public sealed class SchemeEntry
{
    public SchemeEntry(SchemeDocument document, string providerName)
    {
        Document = document;
        ProviderName = providerName;
        Areas = document.Areas.ToHashSet(StringComparer.Ordinal);
        Themes = document.Themes.ToHashSet(StringComparer.Ordinal);
        Phases = document.Phases.ToHashSet(StringComparer.Ordinal);
        Windows = document.ApplicationWindows ?? [];
        Ended = document.Ended == true;
        var e = document.Eligibility;
        SbiIncluded = e?.SbiIncluded?.Select(ProfileResolver.NormaliseSbi).ToArray() ?? [];
        SbiExcluded = e?.SbiExcluded?.Select(ProfileResolver.NormaliseSbi).ToArray() ?? [];
        IsNational = Areas.Contains("NL");
    }

    public SchemeDocument Document { get; }

    public string ProviderName { get; }

    public HashSet<string> Areas { get; }

    public HashSet<string> Themes { get; }

    public HashSet<string> Phases { get; }

    public IReadOnlyList<ApplicationWindow> Windows { get; }

    public bool Ended { get; }

    public bool IsNational { get; }

    public string[] SbiIncluded { get; }

    public string[] SbiExcluded { get; }
}

// The published catalogue as matching sees it: immutable, swapped as a whole when the catalogue changes.
public sealed class CatalogueSnapshot
{
    public CatalogueSnapshot(
        IReadOnlyList<(SchemeDocument Document, string ProviderName)> schemes,
        IReadOnlyList<MunicipalityInfo> municipalities,
        IReadOnlyDictionary<string, string> provinces,
        Lexicon lexicon)
    {
        Provinces = provinces;
        // A stable order makes ties break the same way on every node and every rebuild.
        Schemes = schemes.OrderBy(s => s.Document.Id, StringComparer.Ordinal).Select(s => new SchemeEntry(s.Document, s.ProviderName)).ToList();
        Municipalities = municipalities.ToDictionary(m => m.Code, StringComparer.Ordinal);
        Lexicon = lexicon;
        Index = new RelevanceIndex(
            Schemes.Select(s => (
                s.Document.Title.Nl + " " + s.Document.Title.En,
                string.Join(" ; ", (s.Document.Keywords?.Nl ?? []).Concat(s.Document.Keywords?.En ?? [])),
                s.Document.Summary.Nl + " " + s.Document.Summary.En)).ToList(),
            lexicon);
    }

    public IReadOnlyList<SchemeEntry> Schemes { get; }

    public IReadOnlyDictionary<string, MunicipalityInfo> Municipalities { get; }

    public IReadOnlyDictionary<string, string> Provinces { get; }

    public Lexicon Lexicon { get; }

    public RelevanceIndex Index { get; }
}
