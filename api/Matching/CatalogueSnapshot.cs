using Matchmaker.Api.Catalogue;
using Matchmaker.Api.Vocabularies;

namespace Matchmaker.Api.Matching;

// One published scheme with what matching needs, computed once per snapshot instead of per request.
public sealed class SchemeEntry
{
    public SchemeEntry(SchemeDocument document, string providerName, CodeBits bits, bool windowsRequired)
    {
        WindowsRequired = windowsRequired;
        PurposeMask = bits.Purposes(document.Purposes ?? []);
        Document = document;
        ProviderName = providerName;
        Areas = document.Areas.ToHashSet(StringComparer.Ordinal);
        Phases = document.Phases.ToHashSet(StringComparer.Ordinal);
        Windows = document.ApplicationWindows ?? [];
        Ended = document.Ended == true;
        var e = document.Eligibility;
        SbiIncluded = e?.SbiIncluded?.Select(ProfileResolver.NormaliseSbi).ToArray() ?? [];
        SbiExcluded = e?.SbiExcluded?.Select(ProfileResolver.NormaliseSbi).ToArray() ?? [];
        IsNational = Areas.Contains("NL");
        AreaKeys = document.Areas.Select(AreaKey.Of).ToArray();
        ThemeMask = bits.Themes(document.Themes);
    }

    public bool WindowsRequired { get; }

    public ulong PurposeMask { get; }

    // The status changes only with the date and a snapshot serves many requests, so it is kept for the last day asked;
    // one reference, replaced whole, so concurrent requests never see half of it.
    public StatusResult Status(DateOnly today)
    {
        var last = _status;
        if (last is not null && last.Day == today)
        {
            return last.Result;
        }

        var result = SchemeStatus.Compute(Ended, WindowsRequired, Document.BudgetStatus, Windows, today);
        _status = new StatusOnDay(today, result);
        return result;
    }

    private StatusOnDay? _status;

    private sealed record StatusOnDay(DateOnly Day, StatusResult Result);

    public int[] AreaKeys { get; }

    public ulong ThemeMask { get; }

    public SchemeDocument Document { get; }

    public string ProviderName { get; }

    public HashSet<string> Areas { get; }

    public HashSet<string> Phases { get; }

    public IReadOnlyList<ApplicationWindow> Windows { get; }

    public bool Ended { get; }

    public bool IsNational { get; }

    public string[] SbiIncluded { get; }

    public string[] SbiExcluded { get; }
}

// Area codes as small integers, so the per-scheme location check compares numbers instead of hashing strings.
public static class AreaKey
{
    public const int None = -1;

    public static int Of(string? code) => code switch
    {
        null => None,
        "NL" => 0,
        _ when code.Length == 4 && code.StartsWith("PV", StringComparison.Ordinal) && int.TryParse(code.AsSpan(2), out var pv) => 1_000 + pv,
        _ when code.Length == 6 && code.StartsWith("GM", StringComparison.Ordinal) && int.TryParse(code.AsSpan(2), out var gm) => 10_000 + gm,
        _ => None,
    };
}

// Themes and purposes as bits of one word each (in vocabulary order), so overlap is a popcount.
public sealed class CodeBits
{
    private readonly Dictionary<string, int> _themes;
    private readonly Dictionary<string, int> _purposes;

    public CodeBits(CodeLists codes)
    {
        _themes = codes.Terms.Themes.Select((t, i) => (t.Code, i)).ToDictionary(x => x.Code, x => x.i, StringComparer.Ordinal);
        _purposes = codes.Terms.Purposes.Select((t, i) => (t.Code, i)).ToDictionary(x => x.Code, x => x.i, StringComparer.Ordinal);
        if (_themes.Count > 64 || _purposes.Count > 64)
        {
            throw new InvalidDataException("Matching keeps themes and purposes in one 64-bit word each; vocabularies.json lists more.");
        }
    }

    public ulong Themes(IEnumerable<string> codes) => Mask(_themes, codes);

    public ulong Purposes(IEnumerable<string> codes) => Mask(_purposes, codes);

    private static ulong Mask(Dictionary<string, int> bits, IEnumerable<string> codes)
    {
        ulong mask = 0;
        foreach (var code in codes)
        {
            if (bits.TryGetValue(code, out var bit))
            {
                mask |= 1UL << bit;
            }
        }

        return mask;
    }
}

// The published catalogue as matching sees it: immutable, swapped as a whole when the catalogue changes.
public sealed class CatalogueSnapshot
{
    public CatalogueSnapshot(
        IReadOnlyList<(SchemeDocument Document, string ProviderName)> schemes,
        IReadOnlyList<MunicipalityInfo> municipalities,
        IReadOnlyDictionary<string, string> provinces,
        Lexicon lexicon,
        CodeLists codes,
        TermCache? terms = null)
    {
        Provinces = provinces;
        Codes = codes;
        Bits = new CodeBits(codes);
        // A stable order makes ties break the same way on every node and every rebuild.
        Schemes = schemes.OrderBy(s => s.Document.Id, StringComparer.Ordinal)
            .Select(s => new SchemeEntry(s.Document, s.ProviderName, Bits, codes.WindowsRequired(s.Document.Instrument))).ToList();
        Municipalities = municipalities.ToDictionary(m => m.Code, StringComparer.Ordinal);
        Lexicon = lexicon;
        Index = new RelevanceIndex(
            Schemes.Select(s => (
                s.Document.Title.Nl + " " + s.Document.Title.En,
                string.Join(" ; ", (s.Document.Keywords?.Nl ?? []).Concat(s.Document.Keywords?.En ?? [])),
                s.Document.Summary.Nl + " " + s.Document.Summary.En)).ToList(),
            lexicon, terms);
        Purposes = new PurposeRecognizer(codes, lexicon, Index);
    }

    public CodeLists Codes { get; }

    public CodeBits Bits { get; }

    public PurposeRecognizer Purposes { get; }

    public IReadOnlyList<SchemeEntry> Schemes { get; }

    public IReadOnlyDictionary<string, MunicipalityInfo> Municipalities { get; }

    public IReadOnlyDictionary<string, string> Provinces { get; }

    public Lexicon Lexicon { get; }

    public RelevanceIndex Index { get; }
}
