using System.Diagnostics.CodeAnalysis;
using Matchmaker.Api.Catalogue;
using Matchmaker.Api.Vocabularies;

namespace Matchmaker.Api.Matching;

// One published scheme with what matching needs, computed once per snapshot instead of per request.
public sealed class SchemeEntry
{
    public SchemeEntry(SchemeDocument document, string providerName, CodeBits bits, bool windowsRequired, SchemeStamp stamp = default)
    {
        Stamp = stamp;
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
        IsNational = Areas.Contains(AreaKey.National);
        AreaKeys = document.Areas.Select(AreaKey.Of).ToArray();
        ThemeMask = bits.Themes(document.Themes);
        LevelOrder = SchemeLevels.Order(document.Level);
        _row = new SchemeFacets(document, bits, AreaKeys, IsNational, SbiIncluded.Length > 0 || SbiExcluded.Length > 0);
    }

    private readonly SchemeFacets _row;

    public ref readonly SchemeFacets Row => ref _row;

    public bool WindowsRequired { get; }

    // The place of its level in the list order (widest first).
    public int LevelOrder { get; }

    // The stored version and time of the last change, for lists served from the snapshot.
    public SchemeStamp Stamp { get; }

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

    // The scheme as the list writes it, rendered once per day for the same reason as the status: a page of schemes is
    // mostly their texts, and they change only with a write, which makes a new entry.
    public byte[] Json(DateOnly today, Func<SchemeEntry, DateOnly, byte[]> render)
    {
        var last = _json;
        if (last is not null && last.Day == today)
        {
            return last.Utf8;
        }

        var utf8 = render(this, today);
        _json = new JsonOnDay(today, utf8);
        return utf8;
    }

    private JsonOnDay? _json;

    private sealed record JsonOnDay(DateOnly Day, byte[] Utf8);

    private sealed record StatusOnDay(DateOnly Day, StatusResult Result);

    // The scheme as a match shows it: one object per entry, so its JSON is rendered once (MatchSchemeJsonConverter).
    public MatchScheme MatchView => _matchView ??= new MatchScheme(
        Document.Id, Document.Title, Document.Summary, Document.Level, Document.Instrument,
        new Catalogue.ProviderReference(Document.Provider, ProviderName), Document.Funding, Document.Url);

    private MatchScheme? _matchView;

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

// What the ranking loop reads of every candidate, as numbers and bits in one struct: the eligibility rules (so deciding an
// outcome reads no document), the area keys, phases and instrument as bits, and the amounts. The snapshot keeps the rows
// of all schemes in one array in scheme order, so the loop reads memory in sequence instead of following each entry's
// objects; at 100,000 schemes those no longer fit in the processor's cache and every candidate cost several misses.
public readonly struct SchemeFacets
{
    public SchemeFacets(SchemeDocument document, CodeBits bits, int[] areaKeys, bool national, bool sectorRules)
    {
        _rules = new RuleFacets(document.Eligibility, bits);
        Ended = document.Ended == true;
        National = national;
        SectorRules = sectorRules;
        AreaKeys = areaKeys;
        FirstArea = areaKeys.Length > 0 ? areaKeys[0] : AreaKey.None;
        SecondArea = areaKeys.Length > 1 ? areaKeys[1] : AreaKey.None;
        PhaseMask = bits.Phases(document.Phases);
        InstrumentMask = bits.Instruments([document.Instrument]);
        _minAmountEur = document.Funding?.MinAmountEur ?? NoAmount;
        _maxAmountEur = document.Funding?.MaxAmountEur ?? NoAmount;
    }

    private readonly RuleFacets _rules;

    [UnscopedRef]
    public ref readonly RuleFacets Rules => ref _rules;

    public bool Ended { get; }

    public bool National { get; }

    // The scheme names SBI codes it includes or excludes (read from the entry only then).
    public bool SectorRules { get; }

    public ulong PhaseMask { get; }

    public ulong InstrumentMask { get; }

    // Amounts as plain numbers with a mark for none: half the size of nullable ones in a row read for every candidate.
    private const long NoAmount = long.MinValue;
    private readonly long _minAmountEur;
    private readonly long _maxAmountEur;

    public long? MinAmountEur => _minAmountEur == NoAmount ? null : _minAmountEur;

    public long? MaxAmountEur => _maxAmountEur == NoAmount ? null : _maxAmountEur;

    private int FirstArea { get; }

    private int SecondArea { get; }

    private int[] AreaKeys { get; }

    // Most schemes name one or two areas: those are compared inline, a longer list only when there is one.
    public bool InArea(int key) =>
        key != AreaKey.None && (key == FirstArea || key == SecondArea || (AreaKeys.Length > 2 && Array.IndexOf(AreaKeys, key) >= 0));
}

// Area codes as small integers, so the per-scheme location check compares numbers instead of hashing strings.
public static class AreaKey
{
    public const int None = -1;

    // The area code of the whole country; provinces are PV20..PV31 and municipalities GM#### (CBS).
    public const string National = "NL";

    public static int Of(string? code) => code switch
    {
        null => None,
        National => 0,
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

    private readonly Dictionary<string, int> _sizeClasses;
    private readonly Dictionary<string, int> _legalForms;
    private readonly Dictionary<string, int> _phases;
    private readonly Dictionary<string, int> _instruments;

    public CodeBits(CodeLists codes)
    {
        _themes = Bits(codes.Terms.Themes);
        _purposes = Bits(codes.Terms.Purposes);
        _sizeClasses = Bits(codes.Terms.SizeClasses);
        _legalForms = Bits(codes.Terms.LegalForms);
        _phases = Bits(codes.Terms.Phases);
        _instruments = Bits(codes.Terms.Instruments);
        if (new[] { _themes, _purposes, _sizeClasses, _legalForms, _phases, _instruments }.Any(b => b.Count > 64))
        {
            throw new InvalidDataException(
                "Matching keeps themes, purposes, size classes, legal forms, phases and instruments in one 64-bit word each; vocabularies.json lists more.");
        }
    }

    public ulong Themes(IEnumerable<string> codes) => Mask(_themes, codes);

    public ulong Purposes(IEnumerable<string> codes) => Mask(_purposes, codes);

    public ulong SizeClasses(IEnumerable<string> codes) => Mask(_sizeClasses, codes);

    public ulong LegalForms(IEnumerable<string> codes) => Mask(_legalForms, codes);

    public ulong Phases(IEnumerable<string> codes) => Mask(_phases, codes);

    public ulong Instruments(IEnumerable<string> codes) => Mask(_instruments, codes);

    // A phase's own bit and those of the phases next to it: phases are in project order in vocabularies.json.
    public (ulong Own, ulong Neighbours) PhaseAndNeighbours(string phase)
    {
        if (!_phases.TryGetValue(phase, out var at))
        {
            return (0, 0);
        }

        return (1UL << at, (at > 0 ? 1UL << (at - 1) : 0) | (at + 1 < _phases.Count ? 1UL << (at + 1) : 0));
    }

    private static Dictionary<string, int> Bits(IReadOnlyList<VocabularyTerm> terms) =>
        terms.Select((t, i) => (t.Code, i)).ToDictionary(x => x.Code, x => x.i, StringComparer.Ordinal);

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

// The published catalogue as matching sees it: immutable; a write makes a new one from the last (With), a bigger change
// or another node's writes build one from the stored catalogue.
public sealed class CatalogueSnapshot
{
    private readonly Dictionary<string, int> _positions;

    public CatalogueSnapshot(
        IReadOnlyList<(SchemeDocument Document, string ProviderName)> schemes,
        IReadOnlyList<MunicipalityInfo> municipalities,
        IReadOnlyDictionary<string, string> provinces,
        Lexicon lexicon,
        CodeLists codes,
        TermCache? terms = null)
        : this(schemes.Select(s => new PublishedScheme(s.Document, s.ProviderName)).ToList(), municipalities, provinces, lexicon, codes, terms)
    {
    }

    public CatalogueSnapshot(
        IReadOnlyList<PublishedScheme> schemes,
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
        var ordered = schemes.OrderBy(s => s.Document.Id, StringComparer.Ordinal).ToList();
        var entries = new SchemeEntry[ordered.Count];
        // The entries and the two word indexes do not depend on each other: built side by side, a start on 10,000
        // schemes waits for the longest of them, not for their sum.
        Parallel.For(0, entries.Length, i => entries[i] = Entry(ordered[i]));
        Schemes = entries;
        _positions = Positions(Schemes);
        Municipalities = municipalities.ToDictionary(m => m.Code, StringComparer.Ordinal);
        Lexicon = lexicon;
        PlaceStems = municipalities.Select(m => m.Name).Concat(provinces.Values)
            .SelectMany(name => TextAnalyzer.Terms(name, lexicon.FunctionWords)).ToHashSet(StringComparer.Ordinal);
        var keywords = Task.Run(() => new KeywordIndex(ordered.Select(s => s.Document).ToList()));
        Index = new RelevanceIndex(Schemes.Select(s => IndexedTexts(s.Document)).ToList(), lexicon, terms);
        Purposes = new PurposeRecognizer(codes, lexicon, Index);
        Keywords = keywords.GetAwaiter().GetResult();
        (Rows, PurposeMasks, ThemeMasks) = Columns(Schemes);
    }

    private CatalogueSnapshot(CatalogueSnapshot from, List<SchemeEntry> schemes, RelevanceIndex index, KeywordIndex keywords)
    {
        Keywords = keywords;
        Provinces = from.Provinces;
        Codes = from.Codes;
        Bits = from.Bits;
        Schemes = schemes;
        _positions = from._positions;
        Municipalities = from.Municipalities;
        Lexicon = from.Lexicon;
        PlaceStems = from.PlaceStems;
        Index = index;
        Purposes = ReferenceEquals(index, from.Index) ? from.Purposes : new PurposeRecognizer(from.Codes, from.Lexicon, index);
        (Rows, PurposeMasks, ThemeMasks) = Columns(schemes);
    }

    public CodeLists Codes { get; }

    public CodeBits Bits { get; }

    public PurposeRecognizer Purposes { get; }

    public IReadOnlyList<SchemeEntry> Schemes { get; }

    // The same schemes as columns for the ranking loop: the purpose and theme bits it filters candidates on, and each
    // scheme's row (SchemeFacets), in the order of Schemes.
    public SchemeFacets[] Rows { get; }

    public ulong[] PurposeMasks { get; }

    public ulong[] ThemeMasks { get; }

    // Every scheme's status on a day, kept for the last day asked (one reference, replaced whole): the ranking loop
    // reads one array instead of each entry's kept status.
    public string[] StatusesOn(DateOnly today)
    {
        if (Volatile.Read(ref _statuses) is { } kept && kept.Day == today)
        {
            return kept.Statuses;
        }

        var statuses = new string[Schemes.Count];
        for (var i = 0; i < statuses.Length; i++)
        {
            statuses[i] = Schemes[i].Status(today).Status;
        }

        Volatile.Write(ref _statuses, new StatusesOnDay(today, statuses));
        return statuses;
    }

    private StatusesOnDay? _statuses;

    private sealed record StatusesOnDay(DateOnly Day, string[] Statuses);

    public IReadOnlyDictionary<string, MunicipalityInfo> Municipalities { get; }

    public IReadOnlyDictionary<string, string> Provinces { get; }

    // The words of every municipality's and province's name: a firm writes where it is, which names no fund.
    public IReadOnlySet<string> PlaceStems { get; }

    public Lexicon Lexicon { get; }

    public RelevanceIndex Index { get; }

    // The words of titles, summaries and keywords for keyword search (GET /v1/schemes?search=).
    public KeywordIndex Keywords { get; }

    // The snapshot after schemes changed (null: no longer published), made from this one: the other schemes' entries are
    // kept and the word index is patched, so a write at 10,000 schemes costs about what it costs at 400. Schemes that
    // came or went move the others' positions, and some text changes alter the words the index knows; then the new
    // snapshot is built whole from the documents in memory (with the kept words), which is still no read of the database.
    public CatalogueSnapshot With(IReadOnlyList<(string Id, PublishedScheme? Now)> changes, TermCache? terms = null)
    {
        var schemes = new List<SchemeEntry>(Schemes);
        var index = Index;
        var keywords = Keywords;
        var whole = false;
        foreach (var (id, now) in changes)
        {
            var position = _positions.GetValueOrDefault(id, -1);
            if (position < 0 || now is null)
            {
                whole |= position >= 0 || now is not null;
                continue;
            }

            var previous = schemes[position].Document;
            var before = IndexedTexts(previous);
            var after = IndexedTexts(now.Document);
            schemes[position] = Entry(now);
            if (!whole && before != after)
            {
                var patched = index.Replace(position, before, after, Lexicon);
                whole = patched is null;
                index = patched ?? index;
                keywords = keywords.Replace(position, previous, now.Document);
            }
        }

        if (!whole)
        {
            return new CatalogueSnapshot(this, schemes, index, keywords);
        }

        var published = schemes.Select(s => new PublishedScheme(s.Document, s.ProviderName, s.Stamp)).ToList();
        published.RemoveAll(s => changes.Any(c => c.Id == s.Document.Id && c.Now is null));
        published.AddRange(changes.Where(c => c.Now is not null && !_positions.ContainsKey(c.Id)).Select(c => c.Now!));
        return new CatalogueSnapshot(published, Municipalities.Values.ToList(), Provinces, Lexicon, Codes, terms);
    }

    private static (SchemeFacets[], ulong[], ulong[]) Columns(IReadOnlyList<SchemeEntry> schemes)
    {
        var rows = new SchemeFacets[schemes.Count];
        var purposes = new ulong[schemes.Count];
        var themes = new ulong[schemes.Count];
        for (var i = 0; i < rows.Length; i++)
        {
            rows[i] = schemes[i].Row;
            purposes[i] = schemes[i].PurposeMask;
            themes[i] = schemes[i].ThemeMask;
        }

        return (rows, purposes, themes);
    }

    private SchemeEntry Entry(PublishedScheme s) => new(s.Document, s.ProviderName, Bits, Codes.WindowsRequired(s.Document.Instrument), s.Stamp);

    // The texts a scheme's words are indexed from.
    public static (string Title, string Keywords, string Summary) IndexedTexts(SchemeDocument d) => (
        d.Title.Nl + " " + d.Title.En,
        string.Join(" ; ", (d.Keywords?.Nl ?? []).Concat(d.Keywords?.En ?? [])),
        d.Summary.Nl + " " + d.Summary.En);

    private static Dictionary<string, int> Positions(IReadOnlyList<SchemeEntry> schemes)
    {
        var positions = new Dictionary<string, int>(schemes.Count, StringComparer.Ordinal);
        for (var i = 0; i < schemes.Count; i++)
        {
            positions[schemes[i].Document.Id] = i;
        }

        return positions;
    }
}
